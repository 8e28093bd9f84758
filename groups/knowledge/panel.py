"""What the knowledge panel of a thread shows, read in a fixed number of queries: the link to
a guidance version (and whether a newer one is in force) and the verified answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from .models import GuidanceEdition, ThreadLink, Verification, VerificationStatus


@dataclass
class PanelState:
    link: ThreadLink | None = None
    edition: GuidanceEdition | None = None  # the version the thread is about (as it stands)
    current: GuidanceEdition | None = None  # the version in force
    newer: list[GuidanceEdition] = field(default_factory=list)  # what changed since
    verification: Verification | None = None  # active or expired, the latest
    may_link: bool = False  # the viewer may (re)link the thread (author or moderator)

    @property
    def outdated(self) -> bool:
        return bool(self.edition and self.current and self.current.number > self.edition.number)

    @property
    def verified(self) -> bool:
        return bool(self.verification and self.verification.status == VerificationStatus.ACTIVE)

    @property
    def expired(self) -> bool:
        return bool(self.verification and self.verification.status == VerificationStatus.EXPIRED)


def effective_edition(editions: list[GuidanceEdition], number: int) -> GuidanceEdition | None:
    """The version a link to ``number`` stands for: that one, or when it was withdrawn (an
    editor unpublished it) the newest one before it."""
    for edition in editions:  # newest first
        if edition.number <= number:
            return edition
    return None


def with_panel(threads):
    """The thread page's own query also reads the guidance link and which verification to
    show, so a thread with neither costs the panel no query at all."""
    return threads.select_related("guidance_link").annotate(
        knowledge_verification_id=Subquery(_latest().values("pk")[:1])
    )


def _latest():
    return (
        Verification.objects.filter(thread_id=OuterRef("pk"))
        .exclude(status=VerificationStatus.ENDED)
        .order_by("-verified_at")
    )


def panel_state(thread) -> PanelState:
    state = PanelState()
    if hasattr(thread, "knowledge_verification_id"):
        try:
            state.link = thread.guidance_link
        except ThreadLink.DoesNotExist:
            state.link = None
        verification_id = thread.knowledge_verification_id
        if verification_id is None:
            return _with_editions(state)
        verifications = Verification.objects.filter(pk=verification_id)
    else:
        state.link = ThreadLink.objects.filter(thread_id=thread.pk).first()
        verifications = Verification.objects.filter(thread_id=thread.pk).exclude(
            status=VerificationStatus.ENDED
        )
    state.verification = verifications.select_related("post__author", "verified_by").first()
    return _with_editions(state)


def _with_editions(state: PanelState) -> PanelState:
    if state.link is not None:
        editions = list(GuidanceEdition.objects.filter(page_id=state.link.page_id))
        state.current = editions[0] if editions else None
        state.edition = effective_edition(editions, state.link.number)
        if state.edition is not None:
            state.newer = [e for e in editions if e.number > state.edition.number]
    return state


def with_badges(threads):
    """Annotate ``verified_state`` (active, expired or None) for the thread-list badge."""
    return threads.annotate(verified_state=Subquery(_latest().values("status")[:1]))
