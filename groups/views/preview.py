"""The reply box's preview: the Markdown rendered on the server by the renderer posts use,
with the mentions resolved among the thread's readers and the privacy guard's warning."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.privacy import describe, scan

from ..actions import ActionError
from ..actions.posts import _resolve_mentions, clean_body
from ..markdown import render_with_mentions
from .threads import _thread_for

_IMAGE = re.compile(r"<img\b[^>]*>")
_SOURCE = re.compile(r'\bsrc="([^"]*)"')
_ALT = re.compile(r'\balt="([^"]*)"')


def _without_remote_images(html: str) -> str:
    """Images of other sites are not fetched while typing (the reader's address would
    reach them): the preview names them instead."""

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        source = _SOURCE.search(tag)
        if source and source.group(1).startswith("/") and not source.group(1).startswith("//"):
            return tag
        alt = _ALT.search(tag)
        label = _("Image from another site (not loaded in the preview)")
        shown = f"{label}: {alt.group(1)}" if alt and alt.group(1) else label
        return f'<span class="preview-image">[{escape(shown)}]</span>'

    return _IMAGE.sub(replace, html)


@require_POST
@login_required
def reply_preview(request, pk):
    thread = _thread_for(request, pk)
    try:
        body = clean_body(request.POST.get("body", ""))
        mentioned = _resolve_mentions(body, thread, request.user)
    except ActionError as error:
        return JsonResponse({"html": "", "warning": "", "error": error.message_text}, status=400)
    findings = scan(body)
    return JsonResponse(
        {
            "html": _without_remote_images(render_with_mentions(body, mentioned)),
            "warning": describe(findings) if findings else "",
            "error": "",
        }
    )
