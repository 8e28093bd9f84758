"""schemathesis over /api/openapi.json: generated requests, anonymous and with a member's
token, never get a 5xx and every answer conforms to the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from community import tokens
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    # Finds 500s that issue #12 item 10 fixes (an out-of-range ?offset= answers 500, e.g.
    # /api/groups?offset=1098194279507690520576): strict once that fix is merged.
    pytest.mark.xfail(reason="issue #12 item 10: paging parameters are not bounded yet"),
]


def not_a_server_error(ctx, response, case):
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"


@pytest.fixture(autouse=True)
def content(db):
    # The WSGI app is called in the test's thread: keep the test's database connection
    # open across its requests, as Django's test client does.
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    member = factories.MemberFactory()
    group = factories.ThinkGroupFactory(slug="open-groep")
    factories.add_to_group(member, group)
    factories.make_thread(group=group, author=member)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _load_schema():
    from website.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = _load_schema()
BOUNDED = hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
CHECKS = [not_a_server_error, response_schema_conformance]


@schema.parametrize()
@BOUNDED
def test_the_api_answers_anonymous_requests_per_its_schema(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_the_api_answers_a_members_token_per_its_schema(case):
    from community.models import Member

    member = Member.objects.order_by("pk").first()
    _token, secret = tokens.create_access_token(member=member, name="schemathesis")
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {secret}"})
