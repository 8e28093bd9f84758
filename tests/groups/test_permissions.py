"""The one-group permission checks (a ``Standing`` read in one query, decided in Python)
give exactly the answers of the shared querysets, and the write checks refuse in Dutch."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from groups.models import GroupRole, ThinkGroup, Thread, Visibility
from groups.moderation.models import GroupSuspension
from groups.permissions import (
    check_post_in_thread,
    group_standing,
)
from groups.visibility import can_read_thread, can_see_group
from tests.factories import MemberFactory, ThinkGroupFactory, add_to_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    groups = [ThinkGroupFactory(visibility=v) for v in Visibility.values]
    author = MemberFactory()
    threads = []
    for group in groups:
        add_to_group(author, group)
        for hidden in (False, True):
            threads.append(
                Thread.objects.create(
                    group=group, title="Onderwerp", author=author, is_hidden=hidden
                )
            )
    return groups, threads


def viewers(groups):
    """Every kind of viewer: anonymous, outsider, member and moderator of each group,
    bureau, an inactive member, a suspended member."""
    result = {"anonymous": AnonymousUser(), "outsider": MemberFactory()}
    for group in groups:
        member = MemberFactory()
        add_to_group(member, group)
        result[f"member of {group.visibility}"] = member
        moderator = MemberFactory()
        add_to_group(moderator, group, role=GroupRole.MODERATOR)
        result[f"moderator of {group.visibility}"] = moderator
    result["bureau"] = MemberFactory(roles=["Bureau"])
    inactive = MemberFactory(is_active=False)
    add_to_group(inactive, groups[0])
    result["inactive member"] = inactive
    suspended = MemberFactory(suspended_until=timezone.now() + timedelta(days=1))
    add_to_group(suspended, groups[1])
    result["suspended member"] = suspended
    return result


def test_python_rules_agree_with_the_querysets_for_every_viewer(world):
    groups, threads = world
    for name, viewer in viewers(groups).items():
        listed = set(ThinkGroup.objects.listed_for(viewer))
        readable = set(Thread.objects.readable_by(viewer))
        for group in groups:
            standing = group_standing(viewer, group.pk)
            assert can_see_group(viewer, group, role=standing.role) == (group in listed), (
                name,
                group,
            )
        for thread in threads:
            standing = group_standing(viewer, thread.group_id)
            assert can_read_thread(viewer, thread, role=standing.role) == (thread in readable), (
                name,
                thread.group.visibility,
                thread.is_hidden,
            )


def test_standing_is_one_query(world, django_assert_num_queries):
    groups, _threads = world
    member = MemberFactory()
    add_to_group(member, groups[0], role=GroupRole.MODERATOR)
    with django_assert_num_queries(1):
        standing = group_standing(member, groups[0].pk)
    assert standing.role == GroupRole.MODERATOR and not standing.suspended_here


def test_writing_checks_answer_each_case_in_dutch(world):
    groups, threads = world
    open_thread, _hidden, closed_thread, _h2, private_thread, _h3 = threads
    outsider = MemberFactory()
    # A private group's thread does not exist for an outsider; no message says otherwise.
    with pytest.raises(Http404):
        check_post_in_thread(outsider, private_thread)
    with pytest.raises(PermissionDenied, match="Word lid van deze groep"):
        check_post_in_thread(outsider, open_thread)
    with pytest.raises(PermissionDenied, match="Word lid van deze groep"):
        check_post_in_thread(outsider, closed_thread)
    with pytest.raises(PermissionDenied, match="Log in"):
        check_post_in_thread(AnonymousUser(), open_thread)
    member = MemberFactory()
    add_to_group(member, groups[0])
    check_post_in_thread(member, open_thread)
    GroupSuspension.objects.create(
        member=member, group=groups[0], until=timezone.now() + timedelta(hours=1), reason="x"
    )
    with pytest.raises(PermissionDenied, match="geschorst in deze groep"):
        check_post_in_thread(member, open_thread)
    # An ended suspension no longer counts.
    GroupSuspension.objects.filter(member=member).update(until=timezone.now() - timedelta(1))
    check_post_in_thread(member, open_thread)
    bureau = MemberFactory(roles=["Bureau"])
    assert check_post_in_thread(bureau, private_thread) is None
