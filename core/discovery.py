"""Finding a submodule of every installed app (``jobs.py``, ``gdpr.py``), as Wagtail's
``get_app_submodules`` finds ``wagtail_hooks.py``: each app brings its own, no registry."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import AppConfig, apps


def app_submodules(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """``(app config, module)`` for every installed app that has ``<app>.<name>``, in the
    order of INSTALLED_APPS. An import error inside such a module is raised, not hidden."""
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
            continue
        found.append((config, module))
    return found
