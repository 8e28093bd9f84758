"""Shared building blocks that every part may import; nothing here imports groups or website."""
