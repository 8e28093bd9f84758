"""Member pages: profile, profile edit, directory."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from .models import Member


@login_required
def directory(request):
    members = Member.objects.filter(is_active=True).prefetch_related("domains")
    return render(request, "community/directory.html", {"members": members})


@login_required
def profile_self(request):
    return redirect("community:profile", pk=request.user.pk)


@login_required
def profile(request, pk):
    member = get_object_or_404(Member, pk=pk, is_active=True)
    return render(request, "community/profile.html", {"member": member})
