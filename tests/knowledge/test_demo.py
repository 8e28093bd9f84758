"""Demo knowledge: Tozo discussions on versions 12 and 13, verified answers, one expired."""

from io import StringIO

import pytest
from django.core.management import call_command

from groups.knowledge.models import ThreadLink, Verification, VerificationStatus
from groups.knowledge.panel import panel_state
from groups.models import Thread

pytestmark = pytest.mark.django_db


def test_demo_ties_tozo_threads_to_versions_12_and_13_with_one_expired_answer(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False
    out = StringIO()
    call_command("load_demo", "--members", "12", "--threads", "40", "--posts", "300", stdout=out)
    assert set(ThreadLink.objects.values_list("number", flat=True)) == {12, 13}
    statuses = set(Verification.objects.values_list("status", flat=True))
    assert {VerificationStatus.ACTIVE, VerificationStatus.EXPIRED} <= statuses
    on_12 = Thread.objects.get(guidance_link__number=12, verifications__isnull=False)
    assert panel_state(on_12).outdated
    links = ThreadLink.objects.count()
    call_command("load_demo", "--members", "12", "--threads", "40", "--posts", "300", stdout=out)
    assert ThreadLink.objects.count() == links
