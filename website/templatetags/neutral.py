"""Viewer-neutral page parts, rendered once per process and reused.

``{% neutral name=value … %} … {% endneutral %}`` renders its body with the given inputs
*alone* (no request, no user, no context processors) and memoises the result under
everything the output can depend on: the node itself (so the template's source), the
language, the URL prefix, the time zone and the inputs, which must be small hashable
values (a flag, a name — never a whole object or a path). The body is then a pure
function of that key, so the memo is never stale and nothing needs invalidating. Use it
for translated chrome and links only; a CSRF token or a message never goes in.

With ``PAGE_CACHE_ENABLED`` off the body renders inline with the full page context; a
test renders pages both ways and requires the same HTML, so a body that starts to read
anything besides its inputs fails there.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.base import token_kwargs

from core.memo import memoised

register = template.Library()


class NeutralNode(template.Node):
    def __init__(self, nodelist, inputs):
        self.nodelist = nodelist
        self.inputs = inputs

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.inputs.items()}
        if not getattr(settings, "PAGE_CACHE_ENABLED", True):
            with context.push(values):
                return self.nodelist.render(context)

        def render_alone():
            alone = template.Context(
                values,
                autoescape=context.autoescape,
                use_l10n=context.use_l10n,
                use_tz=context.use_tz,
            )
            with alone.bind_template(context.template):
                return self.nodelist.render(alone)

        return memoised((self, tuple(sorted(values.items()))), render_alone)


@register.tag
def neutral(parser, token):
    bits = token.split_contents()
    inputs = token_kwargs(bits[1:], parser)
    if len(inputs) != len(bits) - 1:
        raise template.TemplateSyntaxError(f"{bits[0]} takes only name=value inputs")
    nodelist = parser.parse(("endneutral",))
    parser.delete_first_token()
    return NeutralNode(nodelist, inputs)
