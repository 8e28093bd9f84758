"""Write functions of the member community: the only way profiles and accounts change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import gdpr
from .models import Domain, EmailMode, Member
from .validators import (
    JOB_TITLE_MAX,
    ORGANISATION_MAX,
    clean_bio,
    clean_display_name,
    clean_name,
)

PROFILE_FIELDS = ("display_name", "organisation", "job_title", "bio", "email_mode", "domains")


def _domain_ids(values: Iterable[Any]) -> list[int]:
    ids = []
    for value in values:
        pk = value.pk if isinstance(value, Domain) else value
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise ValidationError(
                {
                    "domains": _("Choose domains from the list; %(pk)s is not one of them.")
                    % {"pk": pk}
                }
            ) from None
    known = set(Domain.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [pk for pk in ids if pk not in known]
    if unknown:
        raise ValidationError(
            {
                "domains": _("Choose domains from the list; %(pk)s is not one of them.")
                % {"pk": unknown[0]}
            }
        )
    return sorted(set(ids))


def update_profile(member: Member, **fields: Any) -> Member:
    """Change a member's own profile; any invalid field refuses the whole change.

    Accepts display_name, organisation, job_title, bio, email_mode and domains
    (Domain objects or ids). Raises ValidationError (a dict per field) and saves
    nothing when one of them is wrong.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaners = {
        "display_name": lambda v: clean_display_name(v, member=member),
        "organisation": lambda v: clean_name(v, required=False, max_length=ORGANISATION_MAX),
        "job_title": lambda v: clean_name(v, required=False, max_length=JOB_TITLE_MAX),
        "bio": clean_bio,
    }
    values: dict[str, Any] = {}
    errors: dict[str, list] = {}
    for name, clean in cleaners.items():
        if name in fields:
            try:
                values[name] = clean(str(fields[name] or ""))
            except ValidationError as exc:
                errors[name] = exc.messages
    if "email_mode" in fields:
        if fields["email_mode"] in EmailMode.values:
            values["email_mode"] = fields["email_mode"]
        else:
            errors["email_mode"] = [_("Choose one of the e-mail options.")]
    domain_ids = None
    if "domains" in fields:
        try:
            domain_ids = _domain_ids(fields["domains"] or [])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        for name, value in values.items():
            setattr(member, name, value)
        if values:
            member.save(update_fields=list(values))
        if domain_ids is not None:
            member.domains.set(domain_ids)
    return member


def set_active(member: Member, active: bool) -> Member:
    """Activate or deactivate an account (the bureau, in the admin). A deactivated member
    can no longer log in, and after commit their open live sockets close
    (``signals.account_changed``; the think groups listen)."""
    from .signals import account_changed

    with transaction.atomic():
        # Compared with the stored row: a form may have set the attribute already.
        changed = Member.objects.filter(pk=member.pk).exclude(is_active=active)
        member.is_active = active
        if changed.update(is_active=active):
            reason = "activated" if active else "deactivated"
            transaction.on_commit(
                lambda: account_changed.send(sender=Member, member_id=member.pk, reason=reason)
            )
    return member


def check_password_or_refuse(member: Member, password: str) -> None:
    if not password or not member.check_password(password):
        raise ValidationError(
            {"password": _("That password is not correct. Your account has not been deleted.")}
        )


def delete_account(member: Member, password: str) -> None:
    """Delete a member's account after checking their password (AVG/GDPR right to erasure).

    The Member row and everything that belongs only to them (profile, e-mail addresses,
    notifications, tokens) go. Each app erases its own part first (its ``gdpr.erase``):
    the think groups drop the memberships, recount the groups and queue their posts and
    threads for re-indexing, which stay without author ("voormalig lid") so the name
    leaves the search index too.
    """
    check_password_or_refuse(member, password)
    with transaction.atomic():
        for _label, erase in gdpr.erasers():
            erase(member)
        member.delete()


def grant_staff_role(
    *, email: str, display_name: str, role: str, password: str | None = None
) -> tuple[Member, bool]:
    """An editor or bureau account for ``email``: created (with a verified address and
    ``password``) or, when the member exists, given the role. Returns (member, created)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django.contrib.auth.password_validation import validate_password

    from .models import Role

    if role not in (Role.EDITOR, Role.BUREAU):
        raise ValidationError(_("Unknown role."))
    email = Member.objects.normalize_email(email).lower()
    with transaction.atomic():
        member = Member.objects.filter(email__iexact=email).first()
        created = member is None
        if created:
            if not password:
                raise ValidationError(_("A new account needs a password."))
            member = Member(email=email, display_name=clean_display_name(display_name))
            validate_password(password, member)
            member.set_password(password)
        member.is_staff = True
        member.save()
        member.groups.add(*Group.objects.filter(name__in=[Role.MEMBER.value, role]))
        EmailAddress.objects.update_or_create(
            user=member, email=email, defaults={"verified": True, "primary": True}
        )
    return member, created
