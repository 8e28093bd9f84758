"""Notices the community part sends about accounts (it imports nothing above it; the
think groups listen: ``groups.events`` closes the live sockets of the member)."""

from django.dispatch import Signal

# Sent after commit with ``member_id`` and ``reason`` ("deactivated", "activated") when an
# account's access to the site changed through a write function of ``community.actions``.
account_changed = Signal()
