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


# --- Newsroom ---------------------------------------------------------------------------


def news_index():
    from website.models import NewsIndexPage

    return NewsIndexPage.objects.get()


def home_page():
    from website.models import HomePage

    return HomePage.objects.get()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_tag(name: str):
    from website.models import Tag

    return Tag.get_or_create_named(name)


def make_category(name: str = "Kwaliteit professionals"):
    from website.models import Category

    return Category.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]


def make_author(name: str = "Marieke de Wit", **kwargs):
    from website.models import Author

    kwargs.setdefault("role", "klantmanager")
    kwargs.setdefault("organisation", "Gemeente Zandhoven")
    return Author.objects.create(name=name, **kwargs)


_article_counter = iter(range(1, 1_000_000))


def make_article(
    *,
    title: str | None = None,
    tags=(),
    authors=(),
    related=(),
    body=None,
    kind="news",
    date=None,
    updated_on=None,
    category=None,
    intro="Een korte inleiding op het artikel.",
    live: bool = True,
):
    import datetime

    from website.models import ArticleAuthor, ArticlePage, ArticleRelatedLink

    number = next(_article_counter)
    title = title or f"Artikel {number}"
    page = ArticlePage(
        title=title,
        slug=f"{slugify(title)}-{number}",
        kind=kind,
        date=date or datetime.date(2021, 3, 1) + datetime.timedelta(days=number),
        updated_on=updated_on,
        category=category,
        intro=intro,
        body=body or [],
        live=live,
    )
    page.tags = [make_tag(t) if isinstance(t, str) else t for t in tags]
    page.article_authors = [ArticleAuthor(author=a) for a in authors]
    page.related_links = [ArticleRelatedLink(related=r) for r in related]
    news_index().add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return page


def make_document(title: str = "Handreiking", content: bytes = b"%PDF-1.4 demo", name="doc.pdf"):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def make_guidance(*, versions: int = 3, title: str = "Handreiking Tozo"):
    import datetime

    from website.models import GuidanceDocumentPage, GuidanceVersion

    page = GuidanceDocumentPage(title=title, slug=slugify(title))
    page.versions = [
        GuidanceVersion(
            number=n,
            date=datetime.date(2020, 4, 1) + datetime.timedelta(days=30 * n),
            changes=f"Wijzigingen in versie {n}.",
            document=make_document(f"{title} versie {n}", name=f"versie-{n}.pdf"),
        )
        for n in range(1, versions + 1)
    ]
    home_page().add_child(instance=page)
    return publish(page)


def make_event(*, title: str = "Jubileumcongres", capacity: int = 2, days_ahead: int = 30):
    import datetime

    from django.utils import timezone

    from website.models import EventPage

    page = EventPage(
        title=title,
        slug=slugify(title),
        start=timezone.now() + datetime.timedelta(days=days_ahead),
        place="Jaarbeurs, Utrecht",
        capacity=capacity,
        intro="Tien jaar SAM.",
        programme="<p>Opening en workshops.</p>",
    )
    home_page().add_child(instance=page)
    return publish(page)


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
