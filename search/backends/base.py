"""The search backend interface, its result types and what every backend shares:
loading index items from the database and turning hits into safe, linked results."""

from __future__ import annotations

import abc
import datetime
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .. import analysis
from ..models import IndexKind
from ..query import ParsedQuery


class Sort:
    RELEVANCE = "relevantie"
    NEWEST = "nieuwste"
    CHOICES = (RELEVANCE, NEWEST)


class Section:
    """Discussions (posts and threads) and news are searched and shown separately."""

    DISCUSSIONS = (IndexKind.POST.value, IndexKind.THREAD.value)
    NEWS = (IndexKind.ARTICLE.value,)


FACET_NAMES = ("domain", "group", "author", "year")


@dataclass(frozen=True)
class FacetSelection:
    """Facet values the visitor clicked to narrow the result (ids, or a year)."""

    domain: int | None = None
    group: int | None = None
    author: int | None = None
    year: int | None = None


@dataclass
class IndexItem:
    """One object as every backend indexes it (plain text, ids, flags)."""

    kind: str
    object_id: int
    title: str
    body: str
    created_at: datetime.datetime
    thread_id: int | None = None
    number: int | None = None
    group_id: int | None = None
    domain_id: int | None = None
    author_id: int | None = None
    author_name: str = ""
    is_hidden: bool = False
    is_held: bool = False
    thread_hidden: bool = False
    tags: list[str] = field(default_factory=list)


@dataclass
class FacetValue:
    key: int
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    snippet: SafeString
    created_at: datetime.datetime | None
    author_name: str = ""
    group_name: str = ""
    domain_name: str = ""
    is_hidden: bool = False
    number: int | None = None


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    page: int
    per_page: int
    warnings: list[str] = field(default_factory=list)
    # More hits than the backend counts exactly: `total` is then a lower bound (the
    # number of hits ranked and counted, the newest ones) and the page says so.
    capped: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def highlights(self) -> dict[tuple[str, int], SafeString]:
        return {(h.kind, h.object_id): h.snippet for h in self.hits}


@dataclass
class RawHits:
    """What a backend engine answers before hydration: (kind, id) in order, counts."""

    keys: list[tuple[str, int]]
    total: int
    facet_counts: dict[str, dict[int, int]]
    fragments: dict[tuple[str, int], str] = field(default_factory=dict)
    capped: bool = False


class SearchBackend(abc.ABC):
    """One search engine behind the interface the view uses (it never asks which)."""

    name = "base"

    @abc.abstractmethod
    def index(self, items: Sequence[IndexItem]) -> None: ...

    @abc.abstractmethod
    def delete(self, kind: str, ids: Iterable[int]) -> None: ...

    @abc.abstractmethod
    def clear(self) -> None: ...

    @abc.abstractmethod
    def indexed_keys(self, kind: str) -> set[int]:
        """Ids of a kind present in the index (for search_check)."""
        ...

    def begin_rebuild(self) -> None:  # noqa: B027 - optional hook
        """Prepare a full rebuild (Elasticsearch: a new index behind the alias)."""

    def finish_rebuild(self, *, keep: set[tuple[str, int]] | None = None) -> None:  # noqa: B027
        """Make the rebuilt index live; drop entries not in `keep` where applicable."""

    def abort_rebuild(self) -> None:  # noqa: B027 - optional hook
        """A rebuild failed half-way: drop what it built; the live index is untouched."""

    @abc.abstractmethod
    def raw_search(
        self,
        query: ParsedQuery,
        member,
        *,
        kinds: Sequence[str],
        page: int,
        per_page: int,
        sort: str,
        facets: FacetSelection,
        resolved: dict,
    ) -> RawHits: ...

    def search(
        self,
        query: ParsedQuery,
        member,
        *,
        kinds: Sequence[str] = Section.DISCUSSIONS,
        page: int = 1,
        per_page: int = 20,
        sort: str = Sort.RELEVANCE,
        facets: FacetSelection | None = None,
    ) -> SearchResult:
        """Hits the member may see, with facet counts over the same permitted set."""
        from groups.models import ThinkGroup

        facets = facets or FacetSelection()
        warnings = list(query.warnings)
        if sort not in Sort.CHOICES:
            sort = Sort.RELEVANCE
        page = max(1, min(page, 500))
        if not getattr(member, "is_authenticated", False):
            kinds = [k for k in kinds if k == IndexKind.ARTICLE]
        resolved = resolve_filters(query, member, warnings)
        if not kinds or query.is_empty or resolved.get("impossible"):
            return SearchResult([], 0, {}, page, per_page, warnings)
        raw = self.raw_search(
            query,
            member,
            kinds=kinds,
            page=page,
            per_page=per_page,
            sort=sort,
            facets=facets,
            resolved=resolved,
        )
        hits = hydrate(raw.keys, query, member, raw.fragments)
        # A hit the re-check dropped is not counted either (on this page; an index that
        # lags may still count others until the worker has caught up).
        total = max(0, raw.total - (len(raw.keys) - len(hits)))
        labels = facet_labels(raw.facet_counts, ThinkGroup)
        facet_values = {
            name: sorted(
                (
                    FacetValue(
                        key, labels[name].get(key, str(key)), count, getattr(facets, name) == key
                    )
                    for key, count in counts.items()
                    if key is not None
                ),
                key=lambda v: (-v.count, v.label),
            )
            for name, counts in raw.facet_counts.items()
        }
        if "year" in facet_values:
            facet_values["year"].sort(key=lambda v: -v.key)
        return SearchResult(hits, total, facet_values, page, per_page, warnings, capped=raw.capped)


def resolve_filters(query: ParsedQuery, member, warnings: list[str]) -> dict:
    """Turn filter slugs into ids; a group the member cannot read is "unknown" to them."""
    from groups.models import Domain, ThinkGroup

    resolved: dict = {}
    if query.group:
        group = ThinkGroup.objects.readable_by(member).filter(slug=query.group).values("pk").first()
        if group is None:
            warnings.append(_("No think group “%(slug)s” was found.") % {"slug": query.group})
            resolved["impossible"] = True
        else:
            resolved["group_id"] = group["pk"]
    if query.domain:
        domain = Domain.objects.filter(slug=query.domain).values("pk").first()
        if domain is None:
            warnings.append(_("No domain “%(slug)s” was found.") % {"slug": query.domain})
            resolved["impossible"] = True
        else:
            resolved["domain_id"] = domain["pk"]
    return resolved


def facet_labels(facet_counts: dict[str, dict[int, int]], think_group_model) -> dict:
    from community.models import Member
    from groups.models import Domain

    labels: dict[str, dict[int, str]] = {name: {} for name in FACET_NAMES}
    if facet_counts.get("group"):
        labels["group"] = dict(
            think_group_model.objects.filter(pk__in=list(facet_counts["group"])).values_list(
                "pk", "name"
            )
        )
    if facet_counts.get("domain"):
        labels["domain"] = dict(
            Domain.objects.filter(pk__in=list(facet_counts["domain"])).values_list("pk", "name")
        )
    if facet_counts.get("author"):
        labels["author"] = dict(
            Member.objects.filter(pk__in=list(facet_counts["author"])).values_list(
                "pk", "display_name"
            )
        )
    labels["year"] = {y: str(y) for y in facet_counts.get("year", {}) if y is not None}
    return labels


# --- Loading what to index --------------------------------------------------------------


def post_items(queryset: QuerySet) -> tuple[list[IndexItem], list[int]]:
    """Index items for posts, and the ids of deleted ones (to remove from the index)."""
    items, deleted = [], []
    rows = queryset.values_list(
        "pk",
        "body",
        "created_at",
        "thread_id",
        "number",
        "thread__group_id",
        "thread__group__domain_id",
        "author_id",
        "author__display_name",
        "is_hidden",
        "is_held",
        "is_deleted",
        "thread__is_hidden",
        "thread__title",
    )
    for (
        pk,
        body,
        created,
        thread,
        number,
        group,
        domain,
        author,
        name,
        hid,
        held,
        dele,
        th,
        tt,
    ) in rows:
        if dele:
            deleted.append(pk)
            continue
        items.append(
            IndexItem(
                kind=IndexKind.POST,
                object_id=pk,
                title=tt,
                body=body,
                created_at=created,
                thread_id=thread,
                number=number,
                group_id=group,
                domain_id=domain,
                author_id=author,
                author_name=name or "",
                is_hidden=hid,
                is_held=held,
                thread_hidden=th,
            )
        )
    return items, deleted


def thread_items(queryset: QuerySet) -> list[IndexItem]:
    rows = queryset.values_list(
        "pk", "title", "created_at", "group_id", "group__domain_id", "author_id",
        "author__display_name", "is_hidden",
    )  # fmt: skip
    return [
        IndexItem(
            kind=IndexKind.THREAD,
            object_id=pk,
            title=title,
            body="",
            created_at=created,
            thread_id=pk,
            group_id=group,
            domain_id=domain,
            author_id=author,
            author_name=name or "",
            thread_hidden=hidden,
        )
        for pk, title, created, group, domain, author, name, hidden in rows
    ]


def article_model():
    """The newsroom's ArticlePage, when that part is installed."""
    from django.apps import apps

    try:
        return apps.get_model("website", "ArticlePage")
    except LookupError:
        return None


def article_items(ids: Iterable[int] | None = None) -> tuple[list[IndexItem], list[int]]:
    model = article_model()
    if model is None:
        return [], list(ids or [])
    pages = model.objects.live().public()
    if ids is not None:
        ids = list(ids)
        pages = pages.filter(pk__in=ids)
    items = []
    for page in pages.specific().iterator(chunk_size=500):
        date = getattr(page, "date", None) or page.first_published_at
        if isinstance(date, datetime.date) and not isinstance(date, datetime.datetime):
            date = datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)
        text = page.search_text() if hasattr(page, "search_text") else page.title
        items.append(
            IndexItem(
                kind=IndexKind.ARTICLE,
                object_id=page.pk,
                title=page.title,
                body=text,
                created_at=date or datetime.datetime.now(tz=datetime.UTC),
                tags=[str(t) for t in getattr(page, "tags", None).all()]
                if hasattr(page, "tags")
                else [],
            )
        )
    found = {i.object_id for i in items}
    missing = [pk for pk in (ids or []) if pk not in found]
    return items, missing


def permission_q(member, kinds: Sequence[str]) -> Q:
    """What the member may see among indexed documents, decided NOW by THE permission
    QuerySets: the thread must be readable (live: a moved thread, a group turned private
    or a hidden thread is excluded by construction), hidden/held posts only for
    moderators of the group, and any post with an index change still waiting in the
    outbox must pass `Post.objects.readable_by` as it is now (a post hidden or deleted a
    moment ago is excluded before the worker has run)."""
    from groups.models import Post, ThinkGroup, Thread
    from groups.querysets import is_bureau, is_member

    from ..models import OutboxEntry

    allowed = Q(pk__in=[])
    discussion = [k for k in kinds if k in (IndexKind.POST, IndexKind.THREAD)]
    if discussion and is_member(member):
        # Per document, the thread as it is NOW (a move or hide not yet drained counts),
        # as correlated EXISTS on the thread's primary key with the viewer's groups
        # evaluated first: cheap per row, and estimated well enough that PostgreSQL walks
        # the newest-first index for common words instead of sorting every match.
        threads = Thread.objects.filter(pk=OuterRef("thread_id"))
        if is_bureau(member):
            readable_thread = moderated_thread = Exists(threads)
        else:
            readable = list(ThinkGroup.objects.readable_by(member).values_list("pk", flat=True))
            moderated = list(ThinkGroup.objects.moderated_by(member).values_list("pk", flat=True))
            readable_thread = Exists(threads.readable_in(readable, moderated))
            moderated_thread = Exists(threads.filter(group_id__in=moderated))
        visible = (
            Q(is_hidden=False, is_held=False)
            | moderated_thread
            | Q(is_hidden=False, is_held=True, author_id=member.pk)
        )
        pending = OutboxEntry.objects.filter(processed_at__isnull=True, kind=IndexKind.POST).values(
            "object_id"
        )
        still_readable = Post.objects.readable_by(member).filter(pk__in=pending).values("pk")
        blocked = Q(kind=IndexKind.POST, object_id__in=pending) & ~Q(object_id__in=still_readable)
        allowed |= Q(kind__in=discussion) & readable_thread & visible & ~blocked
    model = article_model()
    if IndexKind.ARTICLE in kinds and model is not None:
        allowed |= Q(
            kind=IndexKind.ARTICLE, object_id__in=model.objects.live().public().values("pk")
        )
    return allowed


# --- Turning hits into results ---------------------------------------------------------

MARK_START, MARK_END = "\ue000", "\ue001"
_MARKER_SPLIT = re.compile("([\ue000\ue001])")
SNIPPET_WORDS = 36


def markers_to_html(text: str) -> SafeString:
    """Escape text first, then turn our private-use markers into <mark> tags."""
    escaped = html.escape(text, quote=True)
    # Unbalanced markers (a fragment cut mid-highlight) are balanced here.
    out, open_mark = [], False
    for part in _MARKER_SPLIT.split(escaped):
        if part == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif part == MARK_END:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(part)
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - escaped above, only our tags added


_TOKEN_RE = re.compile(r"[^\W_]+|[\W_]+", re.UNICODE)


def highlight(text: str, query: ParsedQuery, *, words: int = SNIPPET_WORDS) -> SafeString:
    """A short snippet around the first match with matching words in <mark>, HTML-safe.

    Matches on stems and compound parts, so "uitkeringen" marks "bijstandsuitkering".
    """
    text = text.replace(MARK_START, "").replace(MARK_END, "")
    wanted = {analysis.stem(w) for w in query.highlight_words() if not analysis.is_stop(w)}
    parts = _TOKEN_RE.findall(text)
    word_positions = [i for i, p in enumerate(parts) if p[0].isalnum()]
    first = None
    marked = []
    for i, part in enumerate(parts):
        if part[0].isalnum() and wanted:
            folded = analysis.fold(part)
            stems = {
                analysis.stem(folded),
                *(analysis.stem(p) for p in analysis.decompound(folded)),
            }
            if stems & wanted:
                if first is None:
                    first = i
                marked.append(MARK_START + part + MARK_END)
                continue
        marked.append(part)
    if first is None:
        first = word_positions[0] if word_positions else 0
    # Start a few words before the first match, end `words` words later.
    idx = word_positions.index(first) if first in word_positions else 0
    start_word = max(0, idx - 6)
    start = word_positions[start_word] if word_positions else 0
    end_word = min(len(word_positions), start_word + words)
    if not word_positions or end_word >= len(word_positions):
        end = len(parts)  # the whole rest, closing punctuation included
    else:
        end = word_positions[end_word - 1] + 1
    snippet = "".join(marked[start:end]).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(parts) and end_word < len(word_positions) else ""
    return markers_to_html(prefix + snippet + suffix)


def hydrate(keys, query: ParsedQuery, member, fragments=None) -> list[Hit]:
    """Hits from live rows (a fixed number of queries), in the backend's order.

    Each hit is checked again against its row as it is now, through the same permission
    QuerySets as every page: an index that has not caught up yet (Elasticsearch, until
    the worker has run) may still hold a post since hidden, held, deleted or moved into a
    group the member cannot read; such a hit is dropped here, never shown."""
    from groups.models import Post, Thread

    fragments = fragments or {}
    by_kind: dict[str, list[int]] = {}
    for kind, pk in keys:
        by_kind.setdefault(kind, []).append(pk)
    found: dict[tuple[str, int], Hit] = {}
    if by_kind.get(IndexKind.POST):
        posts = (
            Post.objects.readable_by(member)
            .filter(pk__in=by_kind[IndexKind.POST])
            .select_related("thread__group__domain", "author")
            .only(
                "pk", "number", "body", "created_at", "is_hidden", "is_held", "thread_id",
                "thread__title", "thread__group__name", "thread__group__domain__name",
                "author__display_name",
            )
        )  # fmt: skip
        for post in posts:
            key = (IndexKind.POST.value, post.pk)
            found[key] = Hit(
                kind=IndexKind.POST,
                object_id=post.pk,
                title=post.thread.title,
                url=post.get_absolute_url(),
                snippet=_snippet(key, post.body, query, fragments),
                created_at=post.created_at,
                author_name=post.author.display_name if post.author else "",
                group_name=post.thread.group.name,
                domain_name=post.thread.group.domain.name,
                is_hidden=post.is_hidden or post.is_held,
                number=post.number,
            )
    if by_kind.get(IndexKind.THREAD):
        threads = (
            Thread.objects.readable_by(member)
            .filter(pk__in=by_kind[IndexKind.THREAD])
            .select_related("group__domain", "author")
        )
        for thread in threads:
            key = (IndexKind.THREAD.value, thread.pk)
            found[key] = Hit(
                kind=IndexKind.THREAD,
                object_id=thread.pk,
                title=thread.title,
                url=thread.get_absolute_url(),
                snippet=_snippet(key, thread.title, query, fragments),
                created_at=thread.created_at,
                author_name=thread.author.display_name if thread.author else "",
                group_name=thread.group.name,
                domain_name=thread.group.domain.name,
                is_hidden=thread.is_hidden,
            )
    model = article_model()
    if by_kind.get(IndexKind.ARTICLE) and model is not None:
        pages = model.objects.live().public().filter(pk__in=by_kind[IndexKind.ARTICLE])
        for page in pages.specific():
            key = (IndexKind.ARTICLE.value, page.pk)
            text = getattr(page, "intro", "") or page.title
            found[key] = Hit(
                kind=IndexKind.ARTICLE,
                object_id=page.pk,
                title=page.title,
                url=page.url or "",
                snippet=_snippet(key, str(text), query, fragments),
                created_at=getattr(page, "date", None) or page.first_published_at,
            )
    return [found[(str(k), int(pk))] for k, pk in keys if (str(k), int(pk)) in found]


def _snippet(key, text: str, query: ParsedQuery, fragments: dict) -> SafeString:
    if key in fragments:
        return markers_to_html(fragments[key])
    return highlight(text, query)
