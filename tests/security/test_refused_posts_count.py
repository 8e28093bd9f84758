"""A post the privacy guard refuses counts towards the rate limit (issue 12, item 1): a
member who keeps sending refused posts is rate-limited like one who keeps posting, and
the refused attempts past the limit are not scanned at all."""

import pytest

from core.privacy import PrivacyCheckRequired
from groups import actions as forum
from groups.actions import RateLimited
from groups.models import Post

PERSONAL = "Cliënt belde, BSN 123.456.782, over de aflossing."


@pytest.mark.django_db
def test_refused_posts_count_towards_the_rate_limit(settings, thread, reader):
    settings.FORUM_RATE_LIMITS_ENABLED = True
    settings.FORUM_POST_INTERVAL, settings.FORUM_POST_BURST = 60, 3
    for _ in range(3):
        with pytest.raises(PrivacyCheckRequired):
            forum.reply(member=reader, thread=thread, body=PERSONAL)
    with pytest.raises(RateLimited, match="Wacht 60 seconden"):
        forum.reply(member=reader, thread=thread, body=PERSONAL)
    assert not Post.objects.filter(author=reader).exists()


@pytest.mark.django_db
def test_refusals_of_one_member_do_not_limit_another(settings, thread, reader, author):
    settings.FORUM_RATE_LIMITS_ENABLED = True
    settings.FORUM_POST_INTERVAL, settings.FORUM_POST_BURST = 60, 3
    for _ in range(3):
        with pytest.raises(PrivacyCheckRequired):
            forum.reply(member=reader, thread=thread, body=PERSONAL)
    assert forum.reply(member=author, thread=thread, body="Herkenbaar.").number == 2
