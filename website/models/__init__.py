"""Wagtail pages and snippets of the newsroom, one module per kind: ``pages`` (home,
standing pages), ``news`` (news index, articles), ``guidance`` (documents in versions),
``events`` (events and sign-ups), ``snippets`` (categories, tags, authors)."""

from .events import EventPage, EventSignup
from .guidance import GuidanceDocumentPage, GuidanceVersion
from .mixins import CachedPageMixin
from .news import (
    ArticleAuthor,
    ArticleKind,
    ArticlePage,
    ArticlePageManager,
    ArticleRelatedLink,
    NewsIndexPage,
)
from .pages import HomePage, StandardPage
from .snippets import Author, Category, Tag

__all__ = [
    "ArticleAuthor",
    "ArticleKind",
    "ArticlePage",
    "ArticlePageManager",
    "ArticleRelatedLink",
    "Author",
    "CachedPageMixin",
    "Category",
    "EventPage",
    "EventSignup",
    "GuidanceDocumentPage",
    "GuidanceVersion",
    "HomePage",
    "NewsIndexPage",
    "StandardPage",
    "Tag",
]
