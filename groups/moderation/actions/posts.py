"""Moderation of posts: members' reports (flags) and the moderators' verbs on a post (hide,
show again, release from review, redact a passage)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from community.models import Member
from community.text import clean_text
from core.changes import record_change
from core.errors import ActionError
from core.privacy import scan
from groups import events
from groups.markdown import render_with_mentions
from groups.models import Post, PostRevision
from groups.visibility import is_member

from ..models import (
    ActionKind,
    Flag,
    FlagReason,
    ModerationSettings,
)
from .common import (
    _check_moderates,
    _hide,
    _locked_post,
    _log_post,
    _notify_author,
    _notify_group_moderators,
    _post_state,
    _reason,
    _resolve_flags,
    _unhide,
)

REDACTION_MARK_FALLBACK = "[…]"


def flag_post(*, member: Member, post: Post, reason: str, text: str = "") -> Flag:
    """A member reports a post; enough distinct reporters hide it until a moderator looks."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to report a message."))
    if not Post.objects.readable_by(member).filter(pk=post.pk).exists():
        raise PermissionDenied(_("You cannot report this message."))
    if post.author_id == member.pk:
        raise ActionError(_("You cannot report your own message."), "own_post")
    if reason not in FlagReason.values:
        raise ActionError(_("Choose a reason for your report."), "reason")
    text = clean_text(text or "")[:1000]
    if reason == FlagReason.OTHER and not text:
        raise ActionError(_("Explain briefly what is wrong with this message."), "text")
    with transaction.atomic():
        current = _locked_post(post)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(post=current, reporter=member, reason=reason, text=text)
        except IntegrityError:
            raise ActionError(
                _("You have already reported this message; a moderator will look at it."),
                "duplicate",
            ) from None
        threshold = ModerationSettings.threshold()
        reporters = Flag.objects.open().filter(post=current).values("reporter").distinct().count()
        if reporters == 1:
            # The group's moderators hear about the first open report of a post, not each one.
            _notify_group_moderators(current, member)
        if not current.is_hidden and reporters >= threshold:
            before = _post_state(current)
            reason_text = _("Hidden automatically after reports by %(count)d members.") % {
                "count": reporters
            }
            _hide(current, None, reason_text)
            _log_post(
                None,
                ActionKind.AUTO_HIDE,
                current,
                reason=reason_text,
                before=before,
                after=_post_state(current),
            )
            _notify_author(
                current,
                None,
                _("Your message in “%(title)s” was hidden until a moderator reviews it: %(reason)s")
                % {"title": current.thread.title, "reason": reason_text},
            )
    return flag


def dismiss_flags(*, moderator: Member, post: Post, reason: str = "") -> int:
    """The reports were unfounded: close them; a post hidden only by reports comes back."""
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        current = _locked_post(post)
        count = _resolve_flags(current, moderator, "dismissed")
        before = _post_state(current)
        if current.is_hidden and current.hidden_by_id is None:
            _unhide(current)
        _log_post(
            moderator,
            ActionKind.DISMISS,
            current,
            reason=reason,
            before={**before, "open_flags": count},
            after={**_post_state(current), "open_flags": 0},
        )
    return count


def _post_verb(moderator, post, *, kind, reason, required, change, resolution, message):
    """The shape of every verb on one post: check the moderator, the reason, then in one
    transaction lock the post, ``change`` it (which refuses a wrong state with an
    ActionError), close its reports, log before and after, and tell the author."""
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=required)
    with transaction.atomic():
        current = _locked_post(post)
        before = _post_state(current)
        change(current, reason)
        if resolution:
            _resolve_flags(current, moderator, resolution)
        _log_post(
            moderator, kind, current, reason=reason, before=before, after=_post_state(current)
        )
        _notify_author(
            current, moderator, message % {"title": current.thread.title, "reason": reason}
        )
    return current


def hide_post(*, moderator: Member, post: Post, reason: str) -> Post:
    """Hide a post from readers; the author sees the reason."""

    def change(current, reason):
        if current.is_deleted:
            raise ActionError(_("This message has been deleted."), "deleted")
        _hide(current, moderator, reason)

    return _post_verb(
        moderator, post, kind=ActionKind.HIDE, reason=reason, required=True, change=change,
        resolution="hidden",
        message=_("A moderator hid your message in “%(title)s”. Reason: %(reason)s"),
    )  # fmt: skip


def unhide_post(*, moderator: Member, post: Post, reason: str = "") -> Post:
    def change(current, reason):
        if not current.is_hidden:
            raise ActionError(_("This message is not hidden."), "not_hidden")
        _unhide(current)

    return _post_verb(
        moderator, post, kind=ActionKind.UNHIDE, reason=reason, required=False, change=change,
        resolution=None,
        message=_("A moderator made your message in “%(title)s” visible again."),
    )  # fmt: skip


def release_post(*, moderator: Member, post: Post, reason: str = "") -> Post:
    """A post held by the privacy guard is fine: publish it."""

    def change(current, reason):
        if not current.is_held:
            raise ActionError(_("This message is not waiting for review."), "not_held")
        current.is_held = False
        current.save(update_fields=["is_held"])
        record_change("post", [current.pk])
        events.post_changed(current, "unhidden")

    return _post_verb(
        moderator, post, kind=ActionKind.RELEASE, reason=reason, required=False, change=change,
        resolution=None,
        message=_("A moderator published your message in “%(title)s”."),
    )  # fmt: skip


def redact_post(*, moderator: Member, post: Post, passage: str, reason: str) -> Post:
    """Edit a passage out of a post. The original text stays only in the log (bureau only);
    earlier versions that contain it are hidden from the edit history."""
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=True)
    passage = (passage or "").strip()
    if not passage:
        raise ActionError(_("Copy the passage to remove into the field."), "passage")
    with transaction.atomic():
        current = _locked_post(post)
        if current.is_deleted:
            raise ActionError(_("This message has been deleted."), "deleted")
        if passage not in current.body:
            raise ActionError(
                _("That passage does not occur in the message; copy it exactly."), "passage"
            )
        original = current.body
        mark = _("[removed by a moderator]") or REDACTION_MARK_FALLBACK
        current.body = original.replace(passage, mark)
        mentioned = [m.member for m in current.mentions.select_related("member")]
        current.body_html = render_with_mentions(current.body, mentioned)
        current.privacy_findings = [f.as_dict() for f in scan(current.body)]
        current.save(update_fields=["body", "body_html", "privacy_findings"])
        PostRevision.objects.filter(post=current, body__contains=passage).update(is_hidden=True)
        record_change("post", [current.pk])
        events.post_changed(current, "redacted")
        _resolve_flags(current, moderator, "redacted")
        _log_post(
            moderator,
            ActionKind.REDACT,
            current,
            reason=reason,
            before={"body": original},
            after={"body": current.body},
        )
        _notify_author(
            current,
            moderator,
            _("A moderator removed a passage from your message in “%(title)s”. Reason: %(reason)s")
            % {"title": current.thread.title, "reason": reason},
        )
    return current
