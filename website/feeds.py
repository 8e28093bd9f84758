"""RSS and Atom feeds of the news, for all articles and per tag."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_SIZE = 20


class NewsFeed(Feed):
    def __init__(self, news_index, tag=None, kind=None):
        super().__init__()
        self.news_index = news_index
        self.tag = tag
        self.kind = kind

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        # Feeds are served through the news index page, so they share its cache.
        response.samendenk_page_cache = True
        return response

    def title(self):
        if self.tag:
            return _("Samendenk news about %(tag)s") % {"tag": self.tag.name}
        if self.kind:
            return _("Samendenk: %(kind)s") % {"kind": self.kind.label}
        return _("Samendenk news")

    def link(self):
        if self.tag:
            return self.news_index.url + self.news_index.reverse_subpage(
                "by_tag", kwargs={"slug": self.tag.slug}
            )
        return self.news_index.url

    def description(self):
        return _("News, interviews and columns of SAM, the association of social professionals.")

    def items(self):
        # Public articles only: a feed reader has no session, and feeds are cached.
        articles = self.news_index.articles()
        if self.tag:
            articles = articles.filter(tags=self.tag)
        if self.kind:
            articles = articles.filter(kind=self.kind)
        return list(articles[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        if item.updated_on:
            return timezone.make_aware(datetime.datetime.combine(item.updated_on, datetime.time(9)))
        return None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
