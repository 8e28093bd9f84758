"""Personal access tokens for the JSON API: hashing, look-up, the write functions that make
and revoke them, and the page where members manage them."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionError

from .forms import TokenForm
from .models import AccessToken, Member
from .text import clean_line

TOKEN_PREFIX = "sd_"  # noqa: S105 - a marker, not a secret


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(secret: str) -> str:
    # The secret has 256 bits of entropy, so a plain SHA-256 suffices (no salt or
    # stretching needed as for passwords) and allows an indexed look-up.
    return hashlib.sha256(secret.encode()).hexdigest()


def member_for_token(secret: str):
    """The active member a bearer token belongs to, or None."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        AccessToken.objects.filter(key_hash=hash_token(secret), revoked_at__isnull=True)
        .select_related("member")
        .first()
    )
    if token is None or not token.member.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Written at most once a minute per token, not on every request.
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.member


def create_access_token(*, member: Member, name: str) -> tuple[AccessToken, str]:
    """A new API token; the secret is returned once and only its hash is stored."""
    _check_active(member)
    name = clean_line(name)[:80]
    if not name:
        raise ActionError(_("Give the token a name, so you recognise it later."), "name")
    if AccessToken.objects.filter(member=member, revoked_at__isnull=True).count() >= 10:
        raise ActionError(_("You have 10 active tokens; revoke one first."), "too_many")
    secret = new_secret()
    with transaction.atomic():
        token = AccessToken.objects.create(
            member=member, name=name, prefix=secret[:12], key_hash=hash_token(secret)
        )
    return token, secret


def revoke_access_token(*, member: Member, token: AccessToken) -> None:
    if token.member_id != member.pk:
        raise Http404
    with transaction.atomic():
        AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def _check_active(member: Member) -> None:
    if not (member.is_authenticated and member.is_active):
        raise PermissionDenied(_("Log in first."))
    if member.is_suspended:
        raise PermissionDenied(_("Your account is suspended; you cannot do this at the moment."))


@login_required
def token_settings(request):
    form = TokenForm()
    new_secret_value = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(AccessToken, pk=request.POST.get("id"), member=request.user)
            revoke_access_token(member=request.user, token=token)
            messages.success(request, _("The token has been revoked."))
            return redirect("groups:tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_secret_value = create_access_token(
                    member=request.user, name=form.cleaned_data["name"]
                )
            except ActionError as error:
                form.add_error(None, error.message_text)
            else:
                form = TokenForm()
    tokens = AccessToken.objects.filter(member=request.user, revoked_at__isnull=True).order_by(
        "-created_at"
    )
    return render(
        request,
        "community/tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret_value},
        status=400 if form.errors else 200,
    )
