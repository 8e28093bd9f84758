"""Pages of the think groups."""

from django.shortcuts import get_object_or_404, render

from .models import ThinkGroup, Thread
from .permissions import check_group_listed, check_read_thread


def group_index(request):
    groups = ThinkGroup.objects.listed_for(request.user).select_related("domain")
    return render(request, "groups/index.html", {"groups": groups})


def group_detail(request, slug):
    group = get_object_or_404(ThinkGroup, slug=slug)
    check_group_listed(request.user, group)
    return render(request, "groups/group.html", {"group": group})


def thread_detail(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("group"), pk=pk)
    check_read_thread(request.user, thread)
    return render(request, "groups/thread.html", {"thread": thread})


def invitations(request):
    return render(request, "groups/index.html", {"groups": []})
