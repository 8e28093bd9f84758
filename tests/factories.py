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
