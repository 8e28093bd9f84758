"""Template helpers of the community: author names ("voormalig lid") and accessible fields."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def author_name(author) -> str:
    """The display name of a post's author, or "voormalig lid" once the account is gone."""
    if author is None:
        return _("former member")
    return author.display_name or _("former member")


@register.filter
def accessible(field):
    """Render a bound field's widget with aria-invalid and aria-describedby for its errors/help."""
    attrs = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_errors")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
