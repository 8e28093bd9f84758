"""Search test helpers: discussions built with the ORM and a backend per engine."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from groups.models import Post, ThinkGroup, Thread, Visibility
from search.backends.database import DatabaseBackend
from search.indexing import apply_changes, rebuild
from search.models import IndexKind
from tests import factories


def make_thread(group, title, *, author=None, created_at=None, hidden=False) -> Thread:
    created_at = created_at or timezone.now()
    return Thread.objects.create(
        group=group, title=title, author=author, created_at=created_at,
        last_post_at=created_at, is_hidden=hidden,
    )  # fmt: skip


def make_post(thread, body, *, author=None, created_at=None, number=None, **flags) -> Post:
    thread.last_number = number or thread.last_number + 1
    thread.save(update_fields=["last_number"])
    return Post.objects.create(
        thread=thread,
        number=thread.last_number,
        body=body,
        body_html=f"<p>{body}</p>",
        author=author,
        created_at=created_at or timezone.now(),
        **flags,
    )


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


@dataclass
class World:
    """A small forum: an open and a private group, members, posts with Dutch text."""

    open_group: ThinkGroup
    other_group: ThinkGroup
    private_group: ThinkGroup
    reader: object
    insider: object
    bureau: object
    author: object
    posts: dict = field(default_factory=dict)
    threads: dict = field(default_factory=dict)


def build_world() -> World:
    werk = factories.domain("werk-en-inkomen")
    schuld = factories.domain("schuldhulp")
    open_group = factories.ThinkGroupFactory(name="Klantmanagers bijstand", domain=werk)
    other_group = factories.ThinkGroupFactory(name="Schuldhulp praktijk", domain=schuld)
    private_group = factories.ThinkGroupFactory(
        name="Vertrouwelijk overleg", domain=werk, visibility=Visibility.PRIVATE
    )
    reader = factories.MemberFactory(display_name="Riet Lezer")
    insider = factories.MemberFactory(display_name="Ilse Binnen")
    factories.add_to_group(insider, private_group)
    bureau = factories.MemberFactory(display_name="Bas Bureau", roles=["Bureau"])
    author = factories.MemberFactory(display_name="Anouk de Vries")
    world = World(open_group, other_group, private_group, reader, insider, bureau, author)

    t1 = make_thread(open_group, "Aanvraag bijstandsuitkering na ontslag", author=author,
                     created_at=days_ago(400))  # fmt: skip
    t2 = make_thread(other_group, "Schuldhulp en vroegsignalering", author=author,
                     created_at=days_ago(30))  # fmt: skip
    t3 = make_thread(private_group, "Geheime casus", author=insider, created_at=days_ago(5))
    world.threads = {"bijstand": t1, "schuld": t2, "private": t3}
    p = world.posts
    p["bijstandsuitkering"] = make_post(
        t1, "Mijn klant vraagt een bijstandsuitkering aan na ontslag.", author=author,
        created_at=days_ago(400),
    )  # fmt: skip
    p["uitkeringen"] = make_post(
        t1, "De uitkeringen worden per maand betaald, recht op bijstand blijft.",
        author=reader, created_at=days_ago(200),
    )  # fmt: skip
    p["schulden"] = make_post(
        t2, "Veel klanten hebben schulden bij de Belastingdienst.", author=author,
        created_at=days_ago(30),
    )  # fmt: skip
    p["participatiewet"] = make_post(
        t2, "De Participatiewet schrijft een tegenprestatie voor.", author=reader,
        created_at=days_ago(20),
    )  # fmt: skip
    p["hostile"] = make_post(
        t2, 'Let op <script>alert("x")</script> & schuld <b>vet</b> "quotes"',
        author=author, created_at=days_ago(10),
    )  # fmt: skip
    p["private"] = make_post(
        t3, "Vertrouwelijke schuld van een klant met bijstandsuitkering.", author=insider,
        created_at=days_ago(5),
    )  # fmt: skip
    p["hidden"] = make_post(
        t2, "Verborgen bericht over schuld en beslag.", author=author, created_at=days_ago(3),
        is_hidden=True,
    )  # fmt: skip
    p["held"] = make_post(
        t2, "Vastgehouden bericht over schuld en klantnaam.", author=author,
        created_at=days_ago(2), is_held=True,
    )  # fmt: skip
    p["deleted"] = make_post(
        t2, "Verwijderd bericht over schuld.", author=author, created_at=days_ago(1),
        is_deleted=True,
    )  # fmt: skip
    return world


def _elasticsearch_backend():
    from search.backends.elasticsearch import ElasticsearchBackend

    url = os.environ.get("ELASTICSEARCH_URL", "")
    return ElasticsearchBackend(url, prefix=f"samendenk-test-{os.getpid()}", refresh=True)


BACKENDS = [
    pytest.param("database", id="database"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


@pytest.fixture(params=BACKENDS)
def backend(request, db):
    if request.param == "elasticsearch":
        if not os.environ.get("ELASTICSEARCH_URL"):
            pytest.skip("ELASTICSEARCH_URL is not set")
        engine = _elasticsearch_backend()
        yield engine
        engine.drop_all()
        return
    yield DatabaseBackend()


@pytest.fixture
def world(db, backend) -> World:
    built = build_world()
    rebuild(backend)
    return built


def reindex(backend, *objects) -> None:
    keys = []
    for obj in objects:
        kind = IndexKind.POST if isinstance(obj, Post) else IndexKind.THREAD
        keys.append((kind.value, obj.pk))
    apply_changes(backend, keys)
