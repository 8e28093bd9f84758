"""Notification kinds grow with features without a migration, and still validate."""

import pytest
from django.core.exceptions import ValidationError

from community.models import Notification, NotificationKind
from core.fields import KindField


def test_adding_a_kind_changes_nothing_a_migration_sees():
    field = Notification._meta.get_field("kind")
    grown = KindField(
        field.verbose_name, max_length=20, choices=[*NotificationKind.choices, ("new", "Nieuw")]
    )
    grown.set_attributes_from_name("kind")
    assert field.deconstruct()[1:] == grown.deconstruct()[1:]
    assert "choices" not in field.deconstruct()[3]


@pytest.mark.django_db
def test_an_unknown_kind_is_still_refused_by_validation():
    field = Notification._meta.get_field("kind")
    assert dict(field.choices)["mention"]
    with pytest.raises(ValidationError):
        field.clean("no-such-kind", None)
    assert field.clean("mention", None) == "mention"
