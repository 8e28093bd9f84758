"""Admin integration of practice stories: the bureau's override of the privacy check."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks


def override_view(request, pk):
    from . import actions
    from .checks import is_bureau
    from .models import Story

    if not is_bureau(request.user):
        raise PermissionDenied
    story = get_object_or_404(Story, pk=pk, page__isnull=False)
    context = {"story": story, "reason": "", "error": ""}
    if request.method == "POST":
        context["reason"] = request.POST.get("reason", "")
        try:
            actions.override_privacy(actor=request.user, story=story, reason=context["reason"])
        except (ValidationError, PermissionDenied) as error:
            context["error"] = " ".join(getattr(error, "messages", [str(error)]))
        else:
            from wagtail.admin import messages

            messages.success(request, _("Publication is allowed; the reason is logged."))
            return redirect(reverse("wagtailadmin_pages:edit", args=[story.page_id]))
    return render(
        request, "stories/admin/override.html", context, status=400 if context["error"] else 200
    )


@hooks.register("register_admin_urls")
def register_story_urls():
    return [path("verhalen/<int:pk>/privacy/", override_view, name="stories_override")]
