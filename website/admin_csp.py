"""The Wagtail admin without inline scripts, so it works under the site's strict CSP.

Wagtail renders a few widgets with an inline ``<script>`` that starts their JavaScript
(choosers, date pickers, inline panels). Under ``script-src 'self'`` those would not run.
Instead each renders an empty element that names the function and its arguments in data
attributes; ``website/static/website/admin-init.js`` (loaded on every admin page) calls
them as the elements arrive, also in forms added later and in chooser modals.
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe


def init_element(function: str, args: list, *, construct: bool = False) -> str:
    """An element that admin-init.js turns into ``[new] function(...args)``."""
    return format_html(
        '<span hidden data-sd-init="{}"{} data-sd-args="{}"></span>',
        function,
        mark_safe(" data-sd-new") if construct else "",
        json.dumps(args),
    )


def render_chooser(self, name, value, attrs=None, renderer=None):
    """``BaseChooser.render`` with the init element in place of the inline script."""
    from wagtail.admin.widgets.workflows import AdminTaskChooser

    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as e:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    if isinstance(self, AdminTaskChooser):
        init = init_element("createTaskChooser", [id_])
    else:
        options = self.get_js_init_options(id_, name, value_data)
        init = init_element(self.js_constructor, [id_, options], construct=True)
    return mark_safe(f"{widget_html}{init}")  # noqa: S308 - both parts are escaped HTML


def install() -> None:
    from wagtail.admin.widgets.chooser import BaseChooser

    BaseChooser.render = render_chooser
