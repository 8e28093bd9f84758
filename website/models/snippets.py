"""The newsroom's snippets: categories, the controlled list of tags, authors."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    panels = ["name", "slug"]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A tag from the controlled list; names are unique regardless of case."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, editable=False)

    panels = ["name"]

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="website_tag_name_ci_unique",
                violation_error_message=_("A tag with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join((self.name or "").split())
        self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.name = " ".join((self.name or "").split())
        if not slugify(self.name):
            raise ValidationError({"name": _("Enter a name with letters or digits.")})
        clash = Tag.objects.filter(Q(name__iexact=self.name) | Q(slug=slugify(self.name))).exclude(
            pk=self.pk
        )
        if clash.exists():
            raise ValidationError({"name": _("A tag with this name already exists.")})

    @classmethod
    def get_or_create_named(cls, name: str) -> Tag:
        """The tag with this name in any case; created when it does not exist yet."""
        name = " ".join(name.split())
        existing = cls.objects.filter(name__iexact=name).first()
        if existing:
            return existing
        tag = cls(name=name)
        tag.full_clean()
        tag.save()
        return tag


class Author(models.Model):
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profiles",
        verbose_name=_("member"),
    )

    panels = ["name", "role", "organisation", "member"]

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


register_snippet(Category)
register_snippet(Tag)
register_snippet(Author)


# --- Pages -----------------------------------------------------------------------------
