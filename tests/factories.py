"""factory_boy factories for the models of every part (keyword-only, no shared fixtures)."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.utils.text import slugify

from community.models import Member
from groups.models import Domain, GroupMembership, GroupRole, ThinkGroup, Visibility

PASSWORD = "een-sterk-wachtwoord-42"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"lid{n}@example.nl")
    display_name = factory.Sequence(lambda n: f"Lid Nummer {n}")
    organisation = "Gemeente Voorbeeld"
    job_title = "klantmanager"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        names = ["Leden", *(extracted or [])]
        self.groups.add(*Group.objects.filter(name__in=names))

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        from allauth.account.models import EmailAddress

        if extracted is False:
            return
        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )


def domain(slug: str = "werk-en-inkomen") -> Domain:
    return Domain.objects.get(slug=slug)


class ThinkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThinkGroup

    domain = factory.LazyFunction(domain)
    name = factory.Sequence(lambda n: f"Denkgroep {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Een denkgroep om samen na te denken over de praktijk."
    visibility = Visibility.OPEN


def add_to_group(member, group, *, role=GroupRole.MEMBER) -> GroupMembership:
    membership, _ = GroupMembership.objects.update_or_create(
        group=group, member=member, defaults={"role": role}
    )
    group.member_count = group.memberships.count()
    group.save(update_fields=["member_count"])
    return membership


# --- Forum ----------------------------------------------------------------------------


def make_thread(*, group, author, title="Een vraag uit de praktijk", body="Wie herkent dit?"):
    """A thread through the real write path (rate limits are off in tests/groups)."""
    from groups import actions

    return actions.start_thread(member=author, group=group, title=title, body=body)


def make_posts(*, thread, author, count: int, body="Reactie nummer {n}."):
    """Many posts at once, bypassing the write path: for page and query-count tests."""
    from django.utils import timezone

    from groups.markdown import render
    from groups.models import Post, Thread

    start = thread.last_number
    posts = Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                number=start + i,
                author=author() if callable(author) else author,
                body=body.format(n=start + i),
                body_html=render(body.format(n=start + i)),
                created_at=timezone.now(),
            )
            for i in range(1, count + 1)
        ]
    )
    Thread.objects.filter(pk=thread.pk).update(
        last_number=start + count, reply_count=thread.reply_count + count
    )
    thread.refresh_from_db()
    return posts
