"""Shared infrastructure at the bottom of the project: imports Django and libraries only."""
