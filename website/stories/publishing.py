"""A submitted story as a draft article of kind praktijkverhaal in the newsroom's workflow."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from .models import PART_LABELS, PARTS, Audience, Story
from .text import published_text

INTRO_MAX = 590


def article_content(story: Story) -> dict:
    """Title, introduction, body blocks and tag names of the story as others see it."""
    title = published_text(story, "title") or _("A story from practice")
    body = []
    for part in PARTS:
        text = published_text(story, part)
        if text:
            body.append(("story_part", {"heading": str(PART_LABELS[part]), "text": text}))
    first = next((published_text(story, p) for p in PARTS if published_text(story, p)), "")
    intro = Truncator(" ".join(first.split())).chars(INTRO_MAX) or title
    tags = [s.name for s in story.schemes.all()]
    if story.domain is not None:
        tags.append(story.domain.name)
    return {"title": title[:255], "intro": intro, "body": body, "tags": tags}


def author_name(story: Story) -> str:
    if story.show_name and story.author is not None:
        return story.author.display_name
    return story.byline or _("A professional in the social domain")


def write_article(story: Story, actor) -> None:
    """Create (or, after asked changes, revise) the story's draft article, set who may read
    it, and start the newsroom's workflow. Inside the caller's transaction."""
    from wagtail.models import PageViewRestriction

    from ..models import ArticleAuthor, ArticleKind, ArticlePage, Author, NewsIndexPage, Tag

    content = article_content(story)
    page = ArticlePage.objects.filter(pk=story.page_id).first() if story.page_id else None
    if page is None:
        index = NewsIndexPage.objects.first()
        if index is None:
            raise ValidationError(_("There is no news section to publish in."))
        page = ArticlePage(
            title=content["title"],
            slug=_unique_slug(index, content["title"]),
            kind=ArticleKind.STORY,
            date=timezone.localdate(),
            intro=content["intro"],
            body=content["body"],
            live=False,
            owner=None,
        )
        index.add_child(instance=page)
        story.page = page
    else:
        page.title = content["title"]
        page.intro = content["intro"]
        page.body = content["body"]
    page.tags.set([Tag.get_or_create_named(name) for name in content["tags"]])
    name = author_name(story)
    author = Author.objects.filter(name=name, member=None).first() or Author.objects.create(
        name=name
    )
    page.article_authors = [ArticleAuthor(author=author)]
    page.save_revision(user=None, log_action=True)
    restricted = PageViewRestriction.objects.filter(page=page)
    if story.audience == Audience.MEMBERS:
        if not restricted.exists():
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
    else:
        restricted.delete()
    page = ArticlePage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=None)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, actor)


def _unique_slug(index, title: str) -> str:
    from ..models import ArticlePage

    base = (slugify(title) or "praktijkverhaal")[:70]
    slug, number = base, 1
    while ArticlePage.objects.child_of(index).filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
