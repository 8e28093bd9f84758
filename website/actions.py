"""Write functions of the website: the only way event sign-ups change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .cache import invalidate_content


def sign_up_for_event(event, member):
    """Sign a member up for an ``EventPage``; refuses a full, past or unpublished event with
    a Dutch message. Returns the ``EventSignup`` (reached through the page, so this module
    and the page that calls it do not import each other)."""
    if not member.is_authenticated or not member.is_active:
        raise ValidationError(_("Log in to sign up for this event."))
    if getattr(member, "is_suspended", False):
        raise ValidationError(_("Your account is suspended; you cannot sign up."))
    with transaction.atomic():
        # Lock the event row so two last-place sign-ups cannot both succeed.
        event = type(event).objects.select_for_update().get(pk=event.pk)
        if not event.live:
            raise ValidationError(_("This event is not open for sign-up."))
        if event.is_past:
            raise ValidationError(_("This event has already taken place."))
        existing = event.signups.filter(member=member).first()
        if existing:
            return existing
        if event.signups.count() >= event.capacity:
            raise ValidationError(_("This event is full; there are no places left."))
        try:
            with transaction.atomic():
                signup = event.signups.create(member=member)
        except IntegrityError:
            return event.signups.get(member=member)
        invalidate_content()
    return signup


def cancel_event_signup(event, member) -> bool:
    """Cancel a member's sign-up; returns whether there was one."""
    if not member.is_authenticated:
        raise ValidationError(_("Log in to cancel your sign-up."))
    with transaction.atomic():
        deleted, _rows = event.signups.filter(member=member).delete()
        if deleted:
            invalidate_content()
    return bool(deleted)
