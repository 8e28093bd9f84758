"""The knowledge panel on a thread page: ``{% knowledge_state thread as k %}``, then the
panel (banner, verified answer) and the controls are included with ``k``."""

from django import template

from ..panel import panel_state

register = template.Library()


@register.simple_tag(takes_context=True)
def knowledge_state(context, thread):
    state = panel_state(thread)
    user = getattr(context.get("request"), "user", None)
    state.may_link = bool(
        user is not None
        and user.is_authenticated
        and (thread.author_id == user.pk or getattr(thread, "is_moderator", False))
    )
    return state
