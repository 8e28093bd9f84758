"""The uitvoeringstoets on the site: the list, the toets page with a rating form per article
(plain forms, no script needed), the verdict, and the report as HTML, PDF and CSV, for
members and (through a token link) for the commissioning party."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ActionError
from core.privacy import PrivacyCheckRequired
from groups.reports.rendering import csv_response, pdf_download
from groups.visibility import is_bureau

from . import rating as rating_actions
from .forms import RatingForm, VerdictForm
from .models import Article, ArticleRating, Toets, ToetsLink, Verdict
from .report import build, csv_rows


@login_required
def index(request):
    toetsen = list(Toets.objects.visible_to(request.user).order_by("-opens_at")[:100])
    now = timezone.now()
    return render(
        request,
        "toets/index.html",
        {
            "open": [t for t in toetsen if t.is_open(now)],
            "closed": [t for t in toetsen if t.is_closed],
        },
    )


def _visible(request, pk) -> Toets:
    return get_object_or_404(Toets.objects.visible_to(request.user), pk=pk)


def tally_visible(toets: Toets, rated: bool, bureau: bool) -> bool:
    """Whether a viewer sees an article's tally: the bureau always, others after rating it,
    when the toets shows tallies early, or once it is closed."""
    return bureau or rated or toets.show_tallies_early or toets.is_closed


def page_context(request, toets: Toets, *, failed: tuple[int, RatingForm] | None = None) -> dict:
    bureau = is_bureau(request.user)
    articles = list(toets.articles.all())
    mine = {r.article_id: r for r in ArticleRating.objects.filter(toets=toets, member=request.user)}
    invited = Toets.objects.invited(request.user).filter(pk=toets.pk).exists()
    can_rate = invited and toets.is_open()
    rows = []
    for article in articles:
        own = mine.get(article.pk)
        if failed and failed[0] == article.pk:
            form = failed[1]
        else:
            initial = {}
            if own:
                initial = {
                    "value": own.value,
                    "reason": own.reason,
                    "helps": own.helps,
                    "quote_consent": own.quote_consent,
                }
            form = RatingForm(initial=initial, prefix=f"a{article.pk}")
        rows.append(
            {
                "article": article,
                "own": own,
                "form": form,
                "shows_tally": tally_visible(toets, own is not None, bureau),
                "tallies": _tally_rows(article),
            }
        )
    verdict = Verdict.objects.filter(toets=toets, member=request.user).first()
    return {
        "toets": toets,
        "rows": rows,
        "rated": len(mine),
        "total": len(articles),
        "can_rate": can_rate,
        "invited": invited,
        "is_bureau": bureau,
        "answers": toets.answers_published_at is not None or bureau,
        "verdict": verdict,
        "verdict_form": VerdictForm(
            initial={"value": verdict.value, "text": verdict.text} if verdict else None,
            prefix="verdict",
        ),
        "live": {"toets": toets.pk, "early": toets.show_tallies_early},
    }


def _tally_rows(article: Article) -> list[dict]:
    from .models import Rating

    total = article.rated
    return [
        {
            "value": str(value),
            "label": label,
            "count": article.tallies()[value],
            "share": round(100 * article.tallies()[value] / total) if total else 0,
        }
        for value, label in Rating.choices
    ]


def _message(error) -> str:
    return error.message_text if isinstance(error, ActionError) else str(error)


@login_required
def detail(request, pk):
    toets = _visible(request, pk)
    return render(request, "toets/detail.html", page_context(request, toets))


@login_required
@require_POST
def rate(request, pk, article_pk):
    toets = _visible(request, pk)
    article = get_object_or_404(Article.objects.select_related("toets"), pk=article_pk, toets=toets)
    form = RatingForm(request.POST, prefix=f"a{article.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            rating_actions.rate(
                member=request.user,
                article=article,
                value=data["value"],
                reason=data["reason"],
                helps=data["helps"],
                quote_consent=data["quote_consent"],
                confirm_privacy=data["confirm_privacy"],
            )
        except PrivacyCheckRequired as warning:
            form.add_error("reason", warning.message_text)
            form.privacy_warning = True
            form.data = form.data.copy()
            form.data[form.add_prefix("confirm_privacy")] = "True"
        except (ActionError, PermissionDenied) as error:
            field = getattr(error, "code", None)
            if field in ("reason", "helps", "value"):
                form.add_error(field, error.message_text)
            else:
                # Closed, not invited (any more): the form may not show, the message does.
                messages.error(request, _message(error))
        else:
            messages.success(
                request, _("Your rating of %(heading)s is saved.") % {"heading": article.heading}
            )
            return redirect(f"{toets.get_absolute_url()}#artikel-{article.position}")
    context = page_context(request, toets, failed=(article.pk, form))
    return render(request, "toets/detail.html", context, status=400)


@login_required
@require_POST
def verdict(request, pk):
    toets = _visible(request, pk)
    form = VerdictForm(request.POST, prefix="verdict")
    if form.is_valid():
        try:
            rating_actions.give_verdict(
                member=request.user,
                toets=toets,
                value=form.cleaned_data["value"],
                text=form.cleaned_data["text"],
            )
        except (ActionError, PermissionDenied) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("Your overall verdict is saved."))
            return redirect(f"{toets.get_absolute_url()}#oordeel")
    else:
        messages.error(request, _("Choose a rating."))
    return redirect(f"{toets.get_absolute_url()}#oordeel")


# --- the report ------------------------------------------------------------------------------


def _report_toets(request, pk) -> Toets:
    """The bureau any time; invited members once the toets is closed."""
    toets = _visible(request, pk)
    if not (is_bureau(request.user) or toets.is_closed):
        raise PermissionDenied(_("The report is available when the implementation test closes."))
    return toets


def _filename(toets: Toets, extension: str) -> str:
    return f"uitvoeringstoets-{slugify(toets.title)[:60] or toets.pk}.{extension}"


def _pdf(toets: Toets) -> HttpResponse:
    html = render_to_string(
        "toets/report_document.html",
        {
            "toets": toets,
            "data": build(toets),
            "for_pdf": True,
            "base_template": "reports/document.html",
        },
    )
    return pdf_download(html, _filename(toets, "pdf"))


@login_required
def report_page(request, pk):
    toets = _report_toets(request, pk)
    context = {
        "toets": toets,
        "data": build(toets),
        "base_template": "base.html",
        "is_bureau": is_bureau(request.user),
    }
    return render(request, "toets/report_page.html", context)


@login_required
def report_pdf(request, pk):
    return _pdf(_report_toets(request, pk))


@login_required
def report_csv(request, pk):
    toets = _report_toets(request, pk)
    return csv_response(csv_rows(build(toets)), _filename(toets, "csv"))


def _shared(token: str) -> Toets:
    link = ToetsLink.objects.for_token(token).select_related("toets").first()
    if link is None:
        raise Http404
    ToetsLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())
    return link.toets


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_report(request, token):
    toets = _shared(token)
    context = {
        "toets": toets,
        "data": build(toets),
        "token": token,
        "base_template": "reports/document.html",
    }
    return _private(render(request, "toets/report_document.html", context))


def shared_pdf(request, token):
    return _private(_pdf(_shared(token)))


def shared_csv(request, token):
    toets = _shared(token)
    return _private(csv_response(csv_rows(build(toets)), _filename(toets, "csv")))
