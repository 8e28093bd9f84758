"""Member pages: directory, profile, profile edit, and the privacy page (export, deletion)."""

from __future__ import annotations

import json

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, gdpr
from .forms import DeleteAccountForm, ProfileForm
from .models import Domain, Member
from .text import clean_line

ORGANISATION_QUERY_MAX = 120


@login_required
def directory(request):
    """Active members, filterable by domain (slug) and organisation (text), paginated."""
    domains = list(Domain.objects.all())
    domain_slug = request.GET.get("domein", "")
    selected_domain = next((d for d in domains if d.slug == domain_slug), None)
    organisation = clean_line(request.GET.get("organisatie", ""))[:ORGANISATION_QUERY_MAX]

    members = Member.objects.filter(is_active=True)
    if selected_domain:
        members = members.filter(domains=selected_domain)
    if organisation:
        members = members.filter(organisation__icontains=organisation)
    members = members.prefetch_related("domains").order_by("display_name", "pk")

    paginator = Paginator(members, settings.COMMUNITY_DIRECTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    query = {}
    if selected_domain:
        query["domein"] = selected_domain.slug
    if organisation:
        query["organisatie"] = organisation
    return render(
        request,
        "community/directory.html",
        {
            "page": page,
            "members": page.object_list,
            "domains": domains,
            "selected_domain": selected_domain,
            "unknown_domain": bool(domain_slug) and selected_domain is None,
            "organisation": organisation,
            "filter_query": query,
        },
    )


@login_required
def profile_self(request):
    return redirect("community:profile", pk=request.user.pk)


@login_required
def profile(request, pk):
    member = get_object_or_404(
        Member.objects.filter(is_active=True).prefetch_related("domains"), pk=pk
    )
    return render(
        request,
        "community/profile.html",
        {"member": member, "is_self": member.pk == request.user.pk},
    )


@login_required
def profile_edit(request):
    member = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                actions.update_profile(member, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("community:profile", pk=member.pk)
        # The member object may carry the refused values: reload it for the page.
        member.refresh_from_db()
    else:
        form = ProfileForm(
            initial={
                "display_name": member.display_name,
                "organisation": member.organisation,
                "job_title": member.job_title,
                "domains": list(member.domains.all()),
                "bio": member.bio,
                "email_mode": member.email_mode,
            }
        )
    return render(request, "community/profile_edit.html", {"form": form})


def _export_sections() -> list[str]:
    """Names of the parts of the platform that contribute to the export, for the page."""
    return [str(apps.get_app_config(label).verbose_name) for label, _fn in gdpr.exporters()]


@login_required
def my_data(request):
    """The privacy page: download everything, or delete the account."""
    return render(
        request,
        "community/my_data.html",
        {
            "delete_form": DeleteAccountForm(),
            "sections": _export_sections(),
        },
    )


@login_required
def my_data_download(request):
    data = gdpr.collect(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="samendenk-mijn-gegevens-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST)
    if form.is_valid():
        try:
            actions.delete_account(request.user, form.cleaned_data["password"])
        except ValidationError as exc:
            for error in exc.message_dict.get("password", exc.messages):
                form.add_error("password", error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Goodbye."))
            return redirect("/")
    return render(
        request,
        "community/my_data.html",
        {"delete_form": form, "sections": _export_sections()},
        status=400,
    )
