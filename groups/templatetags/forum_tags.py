"""Template tags of the forum: the unread-notification count for the bell."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """One query per request, however often the bell is rendered."""
    request = context.get("request")
    if request is None or not getattr(request.user, "is_authenticated", False):
        return 0
    if not hasattr(request, "_unread_notifications"):
        from community.models import Notification

        request._unread_notifications = Notification.objects.filter(
            recipient=request.user, read_at__isnull=True
        ).count()
    return request._unread_notifications
