"""Model fields shared by the apps."""

from django.db import models


class KindField(models.CharField):
    """A short code whose labelled choices grow with the features (notification kinds, …).

    The choices still validate forms and ``full_clean`` and label the admin, but they are left
    out of migrations: the column is a plain varchar, so a feature that adds a kind needs no
    migration of the app that owns the field (and parallel features do not collide on one).
    """

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, "core.fields.KindField", args, kwargs
