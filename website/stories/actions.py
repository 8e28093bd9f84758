"""Write functions of practice stories: the only way a story, its consent and its article change.

Views, the worker, Wagtail's signals (workflow steps, publication) and the account deletion
all call these. The anonymiser (deduce) never runs here: the worker analyses each version
of the text (``jobs.py``) and stores the findings with ``save_analysis``.
"""

from __future__ import annotations

import logging
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .checks import check_author, check_can_write, check_editable, is_bureau
from .models import (
    CHECKED,
    MAX_STORY_CHARS,
    PARTS,
    TITLE_MAX,
    Audience,
    EventKind,
    Story,
    StoryEvent,
    StoryStatus,
)

logger = logging.getLogger(__name__)

REPLACEMENT_MAX = 120
ANSWER_MAX = 4000
DEFAULT_BYLINE_MAX = 120


def _clean(text: str) -> str:
    """Normalised text without control characters (a NUL or a bidi override is no story)."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n")
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    ).strip()


def _event(story: Story, kind: str, actor=None, text: str = "") -> StoryEvent:
    return StoryEvent.objects.create(story=story, kind=kind, actor=actor, text=text)


def _notify_author(story: Story, text: str, *, actor=None) -> None:
    if story.author_id is None:
        return
    from django.urls import reverse

    from groups.notifications import notify

    notify(
        [story.author],
        kind="story",
        text=text,
        url=reverse("stories:detail", args=[story.pk]),
        actor=actor,
    )


# --- The member's draft -------------------------------------------------------------------


def save_draft(*, member, story: Story | None = None, fields: dict) -> Story:
    """Create or change a member's draft. A changed text waits for the anonymiser again."""
    check_can_write(member)
    if story is not None:
        check_author(member, story)
        check_editable(story)
    values = {name: _clean(fields.get(name, "")) for name in CHECKED}
    if len(values["title"]) > TITLE_MAX:
        raise ValidationError(
            _("The title can be at most %(max)s characters.") % {"max": TITLE_MAX}
        )
    total = sum(len(v) for v in values.values())
    if total > MAX_STORY_CHARS:
        raise ValidationError(
            _(
                "Your story has %(count)s characters; at most %(max)s fit. Shorten it a little: "
                "nothing has been saved yet, your text is still in the form."
            )
            % {
                "count": f"{total:,}".replace(",", "."),
                "max": f"{MAX_STORY_CHARS:,}".replace(",", "."),
            }
        )
    if not any(values[p] for p in PARTS):
        raise ValidationError(_("Write at least one part of your story."))
    with transaction.atomic():
        if story is None:
            story = Story(author=member)
        else:
            story = Story.objects.select_for_update().get(pk=story.pk)
        changed = any(story.part_text(name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(story, name, value)
        if "domain" in fields:
            story.domain = fields["domain"]
        if changed and story.pk:
            story.text_version += 1
            story.choices_confirmed = False
        story.updated_at = timezone.now()
        story.save()
        if "schemes" in fields:
            story.schemes.set(fields["schemes"])
    return story


def save_analysis(*, story_id: int, version: int, findings: dict) -> bool:
    """The worker's findings for one version of the text (ignored when the text changed since);
    the member's earlier choices stay for findings found again."""
    from .text import carry_choices

    with transaction.atomic():
        story = Story.objects.select_for_update().filter(pk=story_id).first()
        if story is None or story.text_version != version:
            return False
        story.choices = {
            part: carry_choices(
                story.findings.get(part, []), story.choices.get(part, []), findings.get(part, [])
            )
            for part in CHECKED
        }
        story.findings = {part: findings.get(part, []) for part in CHECKED}
        story.analysed_version = version
        story.save(update_fields=["findings", "choices", "analysed_version"])
    return True


def choose_replacements(*, member, story: Story, picks: dict[str, list[str]]) -> Story:
    """The member accepts or edits the replacement of each finding. A replacement may not
    itself hold a client's data (the privacy guard reads it)."""
    from core.anonymise import guard_findings

    check_author(member, story)
    check_editable(story)
    if not story.is_analysed:
        raise ValidationError(_("The assistant is still reading your story; try again shortly."))
    choices = {}
    for part in CHECKED:
        findings = story.findings.get(part, [])
        given = list(picks.get(part, []))
        if len(given) != len(findings):
            raise ValidationError(
                _("The story changed while you were choosing; look at the marks again.")
            )
        cleaned = []
        for finding, value in zip(findings, given, strict=True):
            value = " ".join(_clean(value).split())
            if not value:
                value = finding.get("replacement", "")
            if len(value) > REPLACEMENT_MAX:
                raise ValidationError(
                    _("A replacement can be at most %(max)s characters.") % {"max": REPLACEMENT_MAX}
                )
            if guard_findings(value):
                raise ValidationError(
                    _("The replacement “%(value)s” itself looks like personal data.")
                    % {"value": value[:40]}
                )
            cleaned.append(value)
        choices[part] = cleaned
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        story.choices = choices
        story.choices_confirmed = True
        story.updated_at = timezone.now()
        story.save(update_fields=["choices", "choices_confirmed", "updated_at"])
    return story


# --- Consent and submission ---------------------------------------------------------------


def submit_story(
    *, member, story: Story, audience: str, show_name: bool, byline: str, consent: bool
) -> Story:
    """The member consents and submits: the anonymised story becomes a draft article of kind
    praktijkverhaal in the newsroom's workflow ("Redactie → Bureau")."""
    from core.anonymise import guard_findings

    from .publishing import write_article
    from .text import published_text

    check_author(member, story)
    check_editable(story)
    if not consent:
        raise ValidationError(
            _("Give your consent to submit the story; without it nothing is sent.")
        )
    if audience not in Audience.values:
        raise ValidationError(_("Choose where your story may appear."))
    byline = " ".join(_clean(byline).split())[:DEFAULT_BYLINE_MAX]
    if not show_name and not byline:
        raise ValidationError(
            _("Describe yourself without your name, e.g. “een klantmanager uit Gelderland”.")
        )
    if not story.is_analysed:
        raise ValidationError(_("The assistant is still reading your story; try again shortly."))
    if not story.choices_confirmed:
        raise ValidationError(
            _("Look at the assistant's marks and confirm the replacements first.")
        )
    for part in CHECKED:
        if guard_findings(published_text(story, part)):
            raise ValidationError(
                _("The text still contains a client's data (a number, address or date of birth).")
            )
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        check_editable(story)
        story.audience = audience
        story.show_name = bool(show_name)
        story.byline = "" if show_name else byline
        story.consent_at = timezone.now()
        story.withdrawn_at = None
        story.status = StoryStatus.SUBMITTED
        story.updated_at = timezone.now()
        write_article(story, member)
        story.save()
        _event(story, EventKind.SUBMITTED, member)
        _notify_author(
            story,
            _("Your practice story “%(title)s” was received by the editors.")
            % {"title": story.page.title},
        )
    return story


def withdraw_consent(*, member, story: Story) -> Story:
    """The author withdraws consent: the article is unpublished at once (through Wagtail,
    audit-logged) and leaves the workflow; the story stays with the author."""
    check_author(member, story)
    if story.status == StoryStatus.WITHDRAWN:
        return story
    if story.status == StoryStatus.DRAFT:
        raise ValidationError(
            _("This draft has not been submitted; there is no consent to withdraw.")
        )
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        _take_down(story, member)
        story.status = StoryStatus.WITHDRAWN
        story.withdrawn_at = timezone.now()
        story.updated_at = timezone.now()
        story.save()
        _event(story, EventKind.WITHDRAWN, member)
    return story


def _take_down(story: Story, actor) -> None:
    """Unpublish the story's article and cancel its workflow (inside the caller's transaction)."""
    page = story.page
    if page is None:
        return
    from wagtail.actions.unpublish_page import UnpublishPageAction

    user = actor if getattr(actor, "pk", None) else None
    page = type(page).objects.get(pk=page.pk)
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    if page.live:
        # The author's withdrawal is the authority, not a page permission: logged in
        # Wagtail's history with the author as the one who unpublished.
        UnpublishPageAction(page, user=user, log_action=True).execute(skip_permission_checks=True)


def answer(*, member, story: Story, text: str) -> StoryEvent:
    """The author answers the editors' question on the story's page."""
    check_author(member, story)
    text = _clean(text)
    if not text:
        raise ValidationError(_("Write an answer first."))
    if len(text) > ANSWER_MAX:
        raise ValidationError(
            _("An answer can be at most %(max)s characters.") % {"max": ANSWER_MAX}
        )
    if story.status == StoryStatus.WITHDRAWN:
        raise ValidationError(
            _("You withdrew your consent; the editors no longer read this story.")
        )
    with transaction.atomic():
        return _event(story, EventKind.ANSWER, member, text)


# --- Steps of the newsroom (Wagtail's workflow and publication call these) ----------------


def record_changes_asked(*, story: Story, actor, comment: str) -> None:
    """The bureau asked for changes (rejected in the workflow): the story is the author's again."""
    with transaction.atomic():
        Story.objects.filter(pk=story.pk).update(
            status=StoryStatus.CHANGES, updated_at=timezone.now()
        )
        _event(story, EventKind.CHANGES, actor, comment)
        _notify_author(
            story,
            _("The editors ask for changes to your practice story: %(comment)s")
            % {"comment": comment or _("see the story's page")},
            actor=actor,
        )


def record_published(*, story: Story, actor) -> None:
    with transaction.atomic():
        if story.status == StoryStatus.PUBLISHED:
            return
        Story.objects.filter(pk=story.pk).update(
            status=StoryStatus.PUBLISHED, updated_at=timezone.now()
        )
        _event(story, EventKind.PUBLISHED, actor)
        _notify_author(story, _("Your practice story was published."), actor=actor)


def override_privacy(*, actor, story: Story, reason: str) -> Story:
    """The bureau allows publication despite kept findings, with a reason (audit-logged)."""
    if not is_bureau(actor):
        raise PermissionDenied(_("Only the bureau can do that."))
    reason = _clean(reason)
    if len(reason) < 10:
        raise ValidationError(_("Give a reason of at least 10 characters."))
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        story.override_reason = reason[:2000]
        story.override_by = actor
        story.override_at = timezone.now()
        story.save(update_fields=["override_reason", "override_by", "override_at"])
        _event(story, EventKind.OVERRIDE, actor, reason)
    return story


def erase_for_member(member) -> None:
    """The author deletes their account: a published story stays only if it is public and
    anonymous; every other story with an article is taken down. Drafts go with the account."""
    for story in Story.objects.filter(author=member).select_related("page"):
        if story.status == StoryStatus.DRAFT:
            story.delete()
            continue
        keep = (
            story.status == StoryStatus.PUBLISHED
            and story.audience == Audience.PUBLIC
            and not story.show_name
        )
        if not keep:
            _take_down(story, None)
            story.status = StoryStatus.WITHDRAWN
            story.withdrawn_at = timezone.now()
            _event(story, EventKind.UNPUBLISHED, None, "account deleted")
        story.author = None
        story.save()
