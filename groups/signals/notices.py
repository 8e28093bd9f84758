"""Notices other parts listen to: a change that shows in published reports (a withdrawn
consent, an approved quote), so the page cache above can drop what it holds."""

from django.dispatch import Signal

# Sent (no arguments) inside the transaction of the change; website's page cache listens.
reports_changed = Signal()
