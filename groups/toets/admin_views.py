"""The bureau's desk for the uitvoeringstoets in the Wagtail admin: the list, opening a toets
on a pasted draft, correcting its articles, closing it, the official answer per article,
publishing the answer, and token links for the commissioning party."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import ActionError
from groups.visibility import is_bureau

from . import actions
from .drafts import split_articles
from .forms import AnswerForm, DraftForm, LinkForm, ToetsForm
from .models import Article, Toets, ToetsLink


class DeskPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not is_bureau(request.user):
            raise PermissionDenied(_("Only the bureau can do that."))
        return super().dispatch(request, *args, **kwargs)


def _toets_fields(data) -> dict:
    return {
        "title": data["title"],
        "commissioner": data["commissioner"],
        "introduction": data["introduction"],
        "opens_at": data["opens_at"],
        "closes_at": data["closes_at"],
        "domains": data["domains"],
        "groups": data["groups"],
        "show_tallies_early": data["show_tallies_early"],
    }


class ToetsenView(DeskPage):
    template_name = "toets/admin/index.html"
    page_title = gettext_lazy("Implementation tests")

    def get_context_data(self, form=None, draft=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["toetsen"] = Toets.objects.annotate(
            article_count=Count("articles", distinct=True),
        ).order_by("-opens_at")[:200]
        context["form"] = form or ToetsForm(prefix="toets")
        context["draft"] = draft or DraftForm(prefix="draft")
        return context

    def post(self, request):
        form, draft = (
            ToetsForm(request.POST, prefix="toets"),
            DraftForm(request.POST, prefix="draft"),
        )
        if form.is_valid() and draft.is_valid():
            try:
                toets = actions.create_toets(
                    actor=request.user,
                    articles=split_articles(draft.cleaned_data["draft"]),
                    **_toets_fields(form.cleaned_data),
                )
            except ActionError as error:
                target = draft if error.code == "articles" else form
                target.add_error("draft" if target is draft else None, error.message_text)
            else:
                messages.success(
                    request, _("The test is made. Check how the draft was split into articles.")
                )
                return redirect("toets_desk:toets", pk=toets.pk)
        return self.render_to_response(self.get_context_data(form=form, draft=draft), status=400)


class ToetsView(DeskPage):
    template_name = "toets/admin/toets.html"

    def get_page_title(self):
        return self.toets.title

    def dispatch(self, request, *args, pk, **kwargs):
        self.toets = get_object_or_404(Toets, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        toets = self.toets
        context["toets"] = toets
        context["form"] = form or ToetsForm(
            prefix="toets",
            initial={
                "title": toets.title,
                "commissioner": toets.commissioner,
                "introduction": toets.introduction,
                "opens_at": toets.opens_at,
                "closes_at": toets.closes_at,
                "show_tallies_early": toets.show_tallies_early,
                "domains": list(toets.domains.all()),
                "groups": list(toets.groups.all()),
            },
        )
        articles = list(toets.articles.all())
        context["articles"] = [
            (
                a,
                AnswerForm(
                    prefix=f"ans{a.pk}",
                    initial={"outcome": a.answer_outcome or None, "text": a.answer_text},
                ),
            )
            for a in articles
        ]
        context["rated"] = toets.ratings.exists()
        context["links"] = list(toets.links.all())
        context["link_form"] = LinkForm()
        context["new_token"] = self.request.session.pop("toets_new_token", None)
        return context

    def post(self, request, **kwargs):
        pk = self.toets.pk
        verb = request.POST.get("verb", "")
        handler = getattr(self, f"do_{verb}", None)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return redirect("toets_desk:toets", pk=pk)
        try:
            result = handler(request)
        except ActionError as error:
            messages.error(request, error.message_text)
            return redirect("toets_desk:toets", pk=pk)
        return result or redirect("toets_desk:toets", pk=pk)

    def do_edit(self, request):
        form = ToetsForm(request.POST, prefix="toets")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        actions.update_toets(
            actor=request.user, toets=self.toets, **_toets_fields(form.cleaned_data)
        )
        messages.success(request, _("Saved."))
        return None

    def do_articles(self, request):
        positions = sorted(
            {
                int(k.split("_")[1])
                for k in request.POST
                if k.startswith("text_") and k[5:].isdigit()
            }
        )
        articles = [
            (
                request.POST.get(f"heading_{n}", ""),
                request.POST.get(f"text_{n}", ""),
                request.POST.get(f"explanation_{n}", ""),
            )
            for n in positions
            if (request.POST.get(f"text_{n}") or "").strip()
        ]
        actions.replace_articles(actor=request.user, toets=self.toets, articles=articles)
        messages.success(request, _("The articles are saved."))
        return None

    def do_close(self, request):
        if actions.close_toets(toets=self.toets, actor=request.user):
            messages.success(request, _("The test is closed; the participants are notified."))
        return None

    def do_answer(self, request):
        article = get_object_or_404(Article, pk=request.POST.get("article"), toets=self.toets)
        form = AnswerForm(request.POST, prefix=f"ans{article.pk}")
        if not form.is_valid():
            raise ActionError(_("Choose adopted, partly adopted or not adopted."), "outcome")
        actions.record_answer(
            actor=request.user,
            article=article,
            outcome=form.cleaned_data["outcome"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("The answer to %(h)s is saved.") % {"h": article.heading})
        return redirect(
            reverse("toets_desk:toets", kwargs={"pk": self.toets.pk}) + f"#a{article.pk}"
        )

    def do_publish(self, request):
        count = actions.publish_answers(actor=request.user, toets=self.toets)
        messages.success(
            request, _("The answer is published; %(n)d participants notified.") % {"n": count}
        )
        return None

    def do_link(self, request):
        form = LinkForm(request.POST)
        if not form.is_valid():
            raise ActionError(_("Say for whom the link is."), "label")
        _link, token = actions.create_link(
            actor=request.user, toets=self.toets, label=form.cleaned_data["label"]
        )
        request.session["toets_new_token"] = request.build_absolute_uri(
            reverse("groups:toets:shared", kwargs={"token": token})
        )
        messages.success(request, _("The link is made. Copy it now: it is shown only once."))
        return None

    def do_revoke(self, request):
        link = get_object_or_404(ToetsLink, pk=request.POST.get("link"), toets=self.toets)
        actions.revoke_link(actor=request.user, link=link)
        messages.success(request, _("The link no longer works."))
        return None
