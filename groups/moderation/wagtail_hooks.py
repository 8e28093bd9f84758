"""Registers the moderation screens in the Wagtail admin (dashboard, queue, log, suspensions)
and the bureau's community screens (domains, and members with their suspension)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from community.admin_display import DutchInspectView
from community.admin_views import DomainViewSet
from community.models import Role
from groups.visibility import is_bureau

from . import admin_views
from .member_admin import MemberViewSet
from .models import GroupSuspension, ModerationAction


class BureauReadOnlyPolicy(BasePermissionPolicy):
    """The bureau may view; nobody adds, changes or deletes (the write functions do that)."""

    actions = frozenset({"view"})

    def user_has_permission(self, user, action):
        return action in self.actions and is_bureau(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=Role.BUREAU.value)).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


for _model in (ModerationAction, GroupSuspension):
    register_permission_policy(_model, BureauReadOnlyPolicy(_model))


class BureauMenuItem(MenuItem):
    def is_shown(self, request):
        return is_bureau(request.user)


class ModerationLogViewSet(ModelViewSet):
    model = ModerationAction
    icon = "list-ul"
    menu_label = _("Moderation log")
    name = "moderatielog"
    list_display = ["created_at", "kind", "actor", "member", "group", "thread", "reason"]
    list_filter = ["kind", "created_at"]
    search_fields = ["reason"]
    inspect_view_enabled = True
    inspect_view_class = DutchInspectView
    copy_view_enabled = False
    inspect_view_fields = [
        "created_at", "kind", "actor", "member", "group", "thread", "post", "reason",
        "before", "after",
    ]  # fmt: skip
    ordering = ["-created_at"]
    # Required by ModelViewSet; the policy above refuses the add and edit views.
    form_fields = ["reason"]


class SuspensionViewSet(ModelViewSet):
    model = GroupSuspension
    icon = "lock"
    menu_label = _("Suspensions")
    name = "schorsingen"
    list_display = ["member", "get_group_display", "until", "reason", "created_by", "created_at"]
    list_filter = ["until"]
    inspect_view_enabled = True
    inspect_view_class = DutchInspectView
    copy_view_enabled = False
    ordering = ["-created_at"]
    form_fields = ["reason"]


class ReviewQueueViewSet(ViewSet):
    """The review queue: flagged and held posts, each with the moderation actions."""

    name = "moderation_queue"
    url_prefix = "moderatie"
    icon = "warning"
    menu_label = _("Review queue")
    menu_item_class = BureauMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.QueueView.as_view(), name="index"),
            path("bericht/<int:pk>/", admin_views.ReviewView.as_view(), name="review"),
            path("bericht/<int:pk>/<slug:verb>/", admin_views.ActView.as_view(), name="act"),
        ]


class DashboardViewSet(ViewSet):
    name = "moderation_dashboard"
    url_prefix = "moderatie-dashboard"
    icon = "view"
    menu_label = _("Moderation overview")
    menu_item_class = BureauMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.DashboardView.as_view(), name="index")]


class ModerationGroup(ViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 250
    items = (DashboardViewSet, ReviewQueueViewSet, ModerationLogViewSet, SuspensionViewSet)


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationGroup()


class CommunityViewSetGroup(ViewSetGroup):
    menu_label = _("Members and domains")
    menu_icon = "group"
    menu_order = 300
    items = (DomainViewSet("domains"), MemberViewSet("members"))


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()
