"""News: the news index (with tag, category and kind pages) and articles, interviews and
columns, with their authors and related links."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index
from wagtail.url_routing import RouteResult

from ..blocks import ArticleBodyBlock
from ..stories.panels import StoryPrivacyPanel
from .mixins import CachedPageMixin
from .snippets import Author, Category, Tag

NEWS_PER_PAGE = 10
RELATED_COUNT = 3


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    INTERVIEW = "interview", _("Interview")
    COLUMN = "column", _("Column")
    SIGNAL_REPORT = "signalreport", _("Signal report")
    STORY = "story", _("Practice story")


KIND_SLUGS = {
    "nieuws": ArticleKind.NEWS,
    "interview": ArticleKind.INTERVIEW,
    "column": ArticleKind.COLUMN,
    "signaalrapport": ArticleKind.SIGNAL_REPORT,
    "praktijkverhaal": ArticleKind.STORY,
}
SLUG_FOR_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}


class NewsIndexPage(CachedPageMixin, RoutablePageMixin, Page):
    """/nieuws/: every article newest first, with filters, archive and feeds as sub-routes."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["website.ArticlePage"]
    parent_page_types = ["website.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def articles(self, request=None):
        """Live articles; members-only ones (a practice story's consent) only for members."""
        member = getattr(request, "user", None)
        return ArticlePage.objects.for_listing(member).child_of(self)

    def route(self, request, path_components):
        # Sub-routes (tag, category, feeds...) first, then an article with its category and
        # image in one query instead of Wagtail's two.
        if self.live and path_components:
            try:
                view, args, kwargs = self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                article = (
                    ArticlePage.objects.child_of(self)
                    .filter(slug=path_components[0])
                    .select_related("category", "image")
                    .first()
                )
                if article is not None:
                    article._cached_parent_obj = self
                    return article.route(request, path_components[1:])
            else:
                request.routable_resolver_match = (view, args, kwargs)
                return RouteResult(self, args=(view, args, kwargs))
        return super().route(request, path_components)

    def _listing(self, request, articles, *, heading=None, filter_kind=None, **extra):
        number = request.GET.get("pagina", "1")
        paginator = Paginator(articles, NEWS_PER_PAGE)
        try:
            page_obj = paginator.page(number)
        except (EmptyPage, InvalidPage) as exc:
            raise Http404(_("This page number does not exist.")) from exc
        years = self.articles(request).dates("date", "year", order="DESC")
        context = {
            "articles": page_obj.object_list,
            "page_obj": page_obj,
            "heading": heading,
            "categories": list(Category.objects.all()),
            "kinds": [(SLUG_FOR_KIND[value], label) for value, label in ArticleKind.choices],
            "filter_kind": filter_kind,
            "years": [d.year for d in years],
            **extra,
        }
        return self.render(request, context_overrides=context)

    @path("")
    def all_news(self, request):
        return self._listing(request, self.articles(request))

    @path("categorie/<slug:slug>/")
    def by_category(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        return self._listing(
            request,
            self.articles(request).filter(category=category),
            heading=category.name,
            current_category=category,
        )

    @path("tag/<slug:slug>/")
    def by_tag(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return self._listing(
            request,
            self.articles(request).filter(tags=tag),
            heading=tag.name,
            tag=tag,
            feed_url=self.url + self.reverse_subpage("tag_feed", kwargs={"slug": tag.slug}),
        )

    @path("soort/<slug:kind>/")
    def by_kind(self, request, kind):
        if kind not in KIND_SLUGS:
            raise Http404(_("This kind of article does not exist."))
        value = KIND_SLUGS[kind]
        return self._listing(
            request,
            self.articles(request).filter(kind=value),
            heading=value.label,
            filter_kind=kind,
            feed_url=self.url + self.reverse_subpage("kind_feed", kwargs={"kind": kind}),
        )

    @path("<int:year>/")
    def by_year(self, request, year):
        articles = self.articles(request).filter(date__year=year)
        if not articles.exists():
            raise Http404(_("There are no articles from this year."))
        return self._listing(request, articles, heading=str(year), year=year)

    @path("feed/", name="feed")
    def feed(self, request):
        from ..feeds import NewsFeed

        return NewsFeed(self)(request)

    @path("atom/", name="atom")
    def atom(self, request):
        from ..feeds import AtomNewsFeed

        return AtomNewsFeed(self)(request)

    @path("tag/<slug:slug>/feed/", name="tag_feed")
    def tag_feed(self, request, slug):
        from ..feeds import NewsFeed

        tag = get_object_or_404(Tag, slug=slug)
        return NewsFeed(self, tag=tag)(request)

    @path("soort/<slug:kind>/feed/", name="kind_feed")
    def kind_feed(self, request, kind):
        from ..feeds import NewsFeed

        if kind not in KIND_SLUGS:
            raise Http404(_("This kind of article does not exist."))
        return NewsFeed(self, kind=KIND_SLUGS[kind])(request)

    def feed_url(self):
        return self.url + self.reverse_subpage("feed")


def _restriction_on_self_or_ancestor():
    """A view restriction on the outer page or an ancestor, as a subquery: Wagtail's
    ``public()`` costs a query of its own on every listing."""
    from django.db.models.functions import Substr
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, F("page__depth") * Page.steplen)
    )


class ArticlePageManager(PageManager):
    def for_listing(self, member=None):
        """Live articles newest first with what a teaser shows, in a fixed number of queries;
        without a logged-in ``member`` only public ones (no view restriction)."""
        pages = self.get_queryset().live()
        if not getattr(member, "is_authenticated", False):
            pages = pages.filter(~Exists(_restriction_on_self_or_ancestor()))
        return (
            pages.select_related("category", "image")
            .prefetch_related("tags")
            .order_by("-date", "-first_published_at", "-pk")
        )


class ArticlePage(CachedPageMixin, Page):
    kind = models.CharField(
        _("kind"), max_length=12, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    date = models.DateField(_("date"), default=datetime.date.today)
    updated_on = models.DateField(
        _("updated on"), null=True, blank=True, help_text=_("Fill in when the article was updated.")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("category"),
    )
    tags = ParentalManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    intro = models.TextField(_("introduction"), max_length=600)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))

    objects = ArticlePageManager()

    content_panels = [
        StoryPrivacyPanel(),
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(["kind", "date", "updated_on"]),
                "category",
                FieldPanel("tags", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("About this article"),
        ),
        InlinePanel("article_authors", label=_("Authors")),
        "intro",
        "image",
        "body",
        InlinePanel(
            "related_links",
            label=_("Related articles"),
            max_num=RELATED_COUNT,
            help_text=_("Picked articles come first; the rest is filled by shared tags."),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
    ]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def clean(self):
        super().clean()
        if self.updated_on and self.date and self.updated_on < self.date:
            raise ValidationError({"updated_on": _("The update cannot be before the date.")})

    @property
    def kind_slug(self) -> str:
        return SLUG_FOR_KIND.get(self.kind, "nieuws")

    def publish(self, revision, *args, **kwargs):
        # Every way to publish (the button, the workflow's approval, scheduling) passes
        # here: a practice story with an unreplaced finding is refused.
        if self.kind == ArticleKind.STORY:
            from ..stories.checks import check_publishable

            check_publishable(self)
        return super().publish(revision, *args, **kwargs)

    @property
    def teaser(self) -> str:
        return Truncator(self.intro).chars(140)

    def get_meta_description(self) -> str:
        return self.search_description or Truncator(self.intro).chars(200)

    def search_text(self) -> str:
        """Plain text of the introduction and every body block, for the search index."""
        parts = [self.intro]
        for block in self.body:
            to_text = _BLOCK_TEXT.get(block.block_type)
            if to_text is not None:
                parts.append(to_text(block.value))
        return "\n".join(p.strip() for p in parts if p and p.strip())

    @cached_property
    def tag_list(self):
        return list(self.tags.all())

    def related_articles(self, *, preview: bool = False) -> list[ArticlePage]:
        """Up to three: the editor's picks first, then the most shared tags, newest first.

        One query for the articles (picks ranked by a subquery) and one for the tags of the
        article and its related articles together.
        """
        picks = ArticleRelatedLink.objects.filter(page_id=self.pk, related_id=OuterRef("pk"))
        if preview:
            # A draft's tags live in the form, not yet in the database.
            tag_ids = [t.pk for t in self.tag_list]
        else:
            tag_ids = ArticlePage.tags.through.objects.filter(articlepage_id=self.pk).values(
                "tag_id"
            )
        wanted = Q(Exists(picks)) | Q(tags__in=tag_ids)
        related = list(
            # Public only: the rendering is shared by every reader, and a members-only
            # story's title must not reach a visitor through a public article.
            ArticlePage.objects.live()
            .filter(~Exists(_restriction_on_self_or_ancestor()))
            .filter(wanted)
            .exclude(pk=self.pk)
            .annotate(
                is_pick=Exists(picks),
                pick_order=Subquery(picks.values("sort_order")[:1]),
                shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            )
            .order_by("-is_pick", F("pick_order").asc(nulls_last=True), "-shared", "-date", "-pk")[
                :RELATED_COUNT
            ]
        )
        _attach_tags([self, *related])
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            context["article_html"] = self._render_article(request, context, preview=True)
        else:
            # The article itself is the same for every reader, so logged-in members (who
            # bypass the page cache) share one rendering until the content changes.
            from ..cache import cached_fragment, fragment_key

            context["article_html"] = cached_fragment(
                fragment_key("article", self.pk, self.latest_revision_id),
                lambda: self._render_article(request, context, preview=False),
            )
        return context

    def _render_article(self, request, context, *, preview: bool) -> str:
        from django.template.loader import render_to_string

        fragment_context = {
            **context,
            "news_index": self.get_parent(),
            "authors": [link.author for link in self.article_authors.select_related("author")],
            "related": self.related_articles(preview=preview),
        }
        return render_to_string(
            "website/includes/article_content.html", fragment_context, request=request
        )


def _guidance_text(value) -> str:
    doc = value["document"]
    return value["label"] or (doc.title if doc else "")


def _think_group_text(value) -> str:
    group = value["group"]
    return " ".join(filter(None, [group.name if group else "", value["text"]]))


# The searchable text of each kind of body block.
_BLOCK_TEXT = {
    "paragraph": lambda value: strip_tags(value.source),
    "interview_turn": lambda value: f"{value['speaker']}: {value['text']}",
    "pull_quote": lambda value: " ".join(filter(None, [value["quote"], value["attribution"]])),
    "image": lambda value: value["caption"] or "",
    "guidance_link": _guidance_text,
    "story_part": lambda value: f"{value['heading']}: {value['text']}",
    "think_group": _think_group_text,
}


def _attach_tags(articles) -> None:
    """Give each saved article its ``tag_list`` from one query (a previewed draft keeps its own)."""
    saved = [a for a in articles if a.pk and "tag_list" not in a.__dict__]
    if not saved:
        return
    through = ArticlePage.tags.through
    by_article: dict[int, list[Tag]] = {a.pk: [] for a in saved}
    rows = through.objects.filter(articlepage_id__in=by_article).select_related("tag")
    for row in rows.order_by("tag__name"):
        by_article[row.articlepage_id].append(row.tag)
    for article in saved:
        article.__dict__["tag_list"] = by_article[article.pk]


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )

    panels = ["author"]

    class Meta(Orderable.Meta):
        verbose_name = _("author of the article")


class ArticleRelatedLink(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        ArticlePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("article"),
    )

    panels = [FieldPanel("related")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
