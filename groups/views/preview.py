"""The reply box's preview: the Markdown rendered on the server by the renderer posts use,
with the mentions resolved among the thread's readers and the privacy guard's warning.
Images of other sites come out as links, as in posts, so typing fetches nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from core.privacy import describe, scan

from ..actions import ActionError
from ..actions.mentions import resolve_mentions
from ..actions.posts import clean_body
from ..markdown import render_with_mentions
from .threads import _thread_for


@require_POST
@login_required
def reply_preview(request, pk):
    thread = _thread_for(request, pk)
    try:
        body = clean_body(request.POST.get("body", ""))
        mentioned = resolve_mentions(body, thread, request.user)
    except ActionError as error:
        return JsonResponse({"html": "", "warning": "", "error": error.message_text}, status=400)
    findings = scan(body)
    return JsonResponse(
        {
            "html": render_with_mentions(body, mentioned),
            "warning": describe(findings) if findings else "",
            "error": "",
        }
    )
