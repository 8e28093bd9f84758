"""Errors every part raises the same way: a refused write with a message for the reader."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ActionError(ValidationError):
    """A refused write, with a message in the reader's language (Dutch)."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message, code=code)

    @property
    def message_text(self) -> str:
        return self.messages[0]
