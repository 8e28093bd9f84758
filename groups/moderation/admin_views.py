"""The bureau's moderation screens in the Wagtail admin: queue, review page, dashboard."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from groups.visibility import is_bureau

from . import queue
from .dashboard import figures, group_chart, weekly_chart
from .queue import forms_for, log_for, post_for_review, reason_counts

QUEUE_LIMIT = 200


class BureauOnlyMixin:
    """The admin's moderation screens are the bureau's (group moderators use the site)."""

    def get_breadcrumbs_items(self):
        # Home › this screen, so the slim header names the page.
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not is_bureau(request.user):
            raise PermissionDenied(_("Only the bureau can do that."))
        return super().dispatch(request, *args, **kwargs)


class QueueView(BureauOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/queue.html"
    page_title = gettext_lazy("Review queue")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posts = queue.listed(self.request.user, QUEUE_LIMIT)
        context.update(posts=posts, review_url_name="moderation_queue:review")
        return context


class ReviewView(BureauOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/review.html"
    page_title = gettext_lazy("Review a message")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = post_for_review(self.request.user, self.kwargs["pk"])
        context.update(
            post=post,
            reasons=reason_counts(post),
            log=log_for(post, self.request.user),
            act_url_name="moderation_queue:act",
            queue_url=reverse("moderation_queue:index"),
            **forms_for(post),
        )
        return context


class ActView(BureauOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, verb):
        return queue.act(request, pk, verb, review_url="moderation_queue:review")


class DashboardView(BureauOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/dashboard.html"
    page_title = gettext_lazy("Moderation dashboard")
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fig = figures()
        context.update(
            fig=fig,
            weekly_chart=weekly_chart(fig),
            group_chart=group_chart(fig),
            queue=queue.listed(self.request.user, 10),
            review_url_name="moderation_queue:review",
        )
        return context
