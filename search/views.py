"""The search page."""

from django.shortcuts import render


def search(request):
    return render(request, "search/search.html", {"query": request.GET.get("q", "")[:200]})
