"""Signals for policy: members mark posts, the bureau curates themes and reports go out."""
