"""What the live socket needs for the uitvoeringstoets's tallies: the channel-layer topic, a
member's access to one toets (loaded once per subscription), and the per-reader decision
whether a tally event may be shown (no query per event)."""

from __future__ import annotations

from groups.visibility import is_bureau

from .models import ArticleRating, Toets


def toets_channel(toets_id: int) -> str:
    return f"toets.{toets_id}"


def load_toets_access(member, toets_id: int) -> dict | None:
    """None when ``member`` may not open the toets; else whether they see every tally and
    the articles they rated (whose tallies they see)."""
    toets = Toets.objects.visible_to(member).filter(pk=toets_id).first()
    if toets is None:
        return None
    rated = set(
        ArticleRating.objects.filter(toets_id=toets_id, member_id=member.pk).values_list(
            "article_id", flat=True
        )
    )
    return {
        "all": is_bureau(member) or toets.show_tallies_early or toets.is_closed,
        "rated": rated,
    }


def tally_payload(state: dict, member_id: int, topic: str, message: dict) -> dict | None:
    """The frame one reader gets for a toets event, or None. A reader's own rating (from any
    tab or the API) makes that article's tally theirs to see from then on."""
    if message.get("type") == "toets.closed":
        state["all"] = True
        return {"type": "toets_closed", "topic": topic}
    article_id = message["article_id"]
    if message.get("rater_id") == member_id:
        state["rated"].add(article_id)
    if not (state["all"] or article_id in state["rated"]):
        return None
    return {
        "type": "tally",
        "topic": topic,
        "article_id": article_id,
        "tallies": message["tallies"],
    }
