"""Validation of what members type about themselves, shared by forms and write functions."""

import re
import unicodedata

from confusable_homoglyphs import confusables
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Member
from .text import clean_line, clean_text, has_markup

NAME_MAX = Member._meta.get_field("display_name").max_length
ORGANISATION_MAX = Member._meta.get_field("organisation").max_length
JOB_TITLE_MAX = Member._meta.get_field("job_title").max_length
BIO_MAX = Member._meta.get_field("bio").max_length


def _too_long(max_length: int, count: int) -> ValidationError:
    return ValidationError(
        _("Use at most %(max)d characters (you used %(count)d).")
        % {"max": max_length, "count": count},
        code="max_length",
    )


def clean_name(value: str, *, required: bool = True, max_length: int = NAME_MAX) -> str:
    """A one-line name or title as a member typed it, made safe or refused with a message."""
    name = clean_line(value)
    if required and not name:
        raise ValidationError(_("Enter a name."), code="required")
    if has_markup(name):
        raise ValidationError(_("A name cannot contain the characters < and >."), code="markup")
    if len(name) > max_length:
        raise _too_long(max_length, len(name))
    return name


# Letters that show as nothing (Hangul fillers, the Mongolian vowel separator, Braille
# blank, …): a name of only these looks empty, and within a name they hide a difference.
_BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u180e\u2800\u17b4\u17b5")


def invisible_character(ch: str) -> bool:
    return ch in _BLANK_LETTERS or unicodedata.category(ch) in {"Cf", "Cc", "Co", "Cn"}


def clean_display_name(value: str, *, member: Member | None = None) -> str:
    """A display name that names one member only: no invisible or direction characters,
    no mix of scripts with look-alike letters ("Мarieke" with a Cyrillic М, by Unicode's
    confusables data), and no other member's name in any capitals or Unicode spelling
    (names are stored in NFKC, so a decomposed spelling meets the composed one)."""
    if member is not None and member.pk and clean_line(value) == member.display_name:
        return clean_name(value)  # unchanged: what was accepted before stays
    name = unicodedata.normalize("NFKC", clean_name(value))
    if any(invisible_character(ch) for ch in name):
        raise ValidationError(
            _("A name cannot contain invisible characters; use letters you can see."),
            code="invisible",
        )
    if confusables.is_dangerous(name):
        raise ValidationError(
            _("This name mixes alphabets with letters that look alike; write it in one alphabet."),
            code="confusable",
        )
    # iexact folds only ASCII on SQLite; its REGEXP runs Python's re, which folds "Ë" too.
    same_name = Q(display_name__iexact=name) | Q(display_name__iregex=f"^{re.escape(name)}$")
    taken = Member.objects.filter(same_name)
    if member is not None and member.pk:
        taken = taken.exclude(pk=member.pk)
    folded = name.casefold()
    same = [
        m for m in taken.values_list("display_name", flat=True)
        if unicodedata.normalize("NFKC", m).casefold() == folded
    ]  # fmt: skip
    if same:
        raise ValidationError(
            _("Another member already uses this name; add something, such as a surname."),
            code="duplicate",
        )
    return name


def clean_bio(value: str) -> str:
    """The bio: NFC, control and bidi characters removed, newlines kept, length checked.

    HTML is not refused but stays inert: templates always escape the bio.
    """
    bio = clean_text(value)
    if len(bio) > BIO_MAX:
        raise _too_long(BIO_MAX, len(bio))
    return bio


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a message that has a Dutch translation.

    Django 5.2 changed this msgid ("%d characters") and its Dutch catalogue still
    carries the old one, so the stock message reached members in English.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
