"""Permission and publication checks of practice stories, as plain functions that raise."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from .models import Story, StoryStatus

EDITABLE = (StoryStatus.DRAFT, StoryStatus.CHANGES)


def is_bureau(member) -> bool:
    return bool(
        getattr(member, "is_authenticated", False)
        and (getattr(member, "is_bureau", False) or member.is_superuser)
    )


def check_author(member, story: Story) -> None:
    """Only the author reaches a story of their own (others get a 404 from the views)."""
    if not getattr(member, "is_authenticated", False) or story.author_id != member.pk:
        raise PermissionDenied(_("This is not your story."))


def check_can_write(member) -> None:
    if not getattr(member, "is_authenticated", False) or not member.is_active:
        raise PermissionDenied(_("Log in to share a practice story."))
    if getattr(member, "is_suspended", False):
        raise PermissionDenied(_("Your account is suspended; you cannot share a story now."))


def check_editable(story: Story) -> None:
    if story.status not in EDITABLE:
        raise ValidationError(
            _("This story is %(status)s and can no longer be changed.")
            % {"status": story.get_status_display().lower()}
        )


def publication_problem(story: Story | None) -> str:
    """Why the article of ``story`` may not be published now ("" when it may)."""
    from .text import kept_findings

    if story is None:
        return _("This practice story has no member's story behind it.")
    if story.consent_at is None or story.status == StoryStatus.WITHDRAWN:
        return _("The author has not given consent (or withdrew it); it cannot be published.")
    if story.author_id is None and (story.show_name or story.audience != "public"):
        return _("The author deleted their account; this story cannot be published.")
    if kept_findings(story) and not story.override_reason:
        return _(
            "The privacy check found data the author kept as it was. The bureau can publish "
            "only with a reason (Privacycontrole)."
        )
    return ""


def check_publishable(page) -> None:
    """Raised from ``ArticlePage.publish`` for a practice story that may not be published."""
    story = Story.objects.filter(page_id=page.pk).first()
    problem = publication_problem(story)
    if problem:
        raise PermissionDenied(problem)
