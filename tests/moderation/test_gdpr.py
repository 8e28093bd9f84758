"""The moderation section of the GDPR export."""

import json

import pytest

from groups.moderation import actions
from groups.moderation.gdpr import export


@pytest.mark.django_db
def test_export_holds_flags_made_and_warnings_and_suspensions_received(
    post, reader, author, moderator, group
):
    actions.flag_post(member=reader, post=post, reason="other", text="Klopt niet")
    actions.warn_member(moderator=moderator, member=author, reason="Let op je toon", post=post)
    actions.suspend_member(
        moderator=moderator, member=author, days=2, reason="Herhaling", group=group
    )
    actions.hide_post(moderator=moderator, post=post, reason="Ongepast")

    mine = export(reader)
    assert [(f["reason"], f["text"]) for f in mine["flags_made"]] == [("other", "Klopt niet")]
    assert mine["warnings_received"] == [] and mine["suspensions_received"] == []

    theirs = export(author)
    assert theirs["flags_made"] == []
    assert [w["reason"] for w in theirs["warnings_received"]] == ["Let op je toon"]
    assert [(s["group"], s["reason"]) for s in theirs["suspensions_received"]] == [
        (group.name, "Herhaling")
    ]
    assert [a["action"] for a in theirs["moderation_of_own_posts"]] == ["hide"]
    # Who reported the author is not part of their export.
    assert reader.email not in json.dumps(theirs)
    assert reader.display_name not in json.dumps(theirs)
