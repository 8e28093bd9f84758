"""StreamField blocks of an article body: text, interviews, quotes, images, links, call-outs."""

import copy

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from groups.signals.blocks import SignalReportBlock

from .chooser import public_groups, think_group_chooser_viewset

_BaseThinkGroupBlock = think_group_chooser_viewset.get_block_class(
    name="BaseThinkGroupChooserBlock", module_path="website.blocks"
)


class ThinkGroupChooserBlock(_BaseThinkGroupBlock):
    """Resolves only groups listed for anonymous visitors: a private group renders as nothing."""

    def bulk_to_python(self, values):
        found = public_groups().in_bulk([v for v in values if v is not None])
        result = []
        seen = set()
        for pk in values:
            obj = found.get(pk)
            if obj is not None and pk in seen:
                obj = copy.copy(obj)
            result.append(obj)
            seen.add(pk)
        return result

    def to_python(self, value):
        if value is None:
            return None
        return public_groups().filter(pk=value).first()


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "website/blocks/paragraph.html"


class InterviewTurnBlock(blocks.StructBlock):
    speaker = blocks.CharBlock(max_length=120, label=_("Speaker"))
    text = blocks.TextBlock(label=_("What they said"))
    is_interviewer = blocks.BooleanBlock(
        required=False, label=_("Interviewer's question"), help_text=_("Shown as a question.")
    )

    class Meta:
        icon = "openquote"
        label = _("Interview turn")
        template = "website/blocks/interview_turn.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=160, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "website/blocks/pull_quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "website/blocks/image.html"


class GuidanceLinkBlock(blocks.StructBlock):
    document = blocks.PageChooserBlock(
        page_type="website.GuidanceDocumentPage", label=_("Guidance document")
    )
    label = blocks.CharBlock(required=False, max_length=160, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        label = _("Link to a guidance document")
        template = "website/blocks/guidance_link.html"


class ThinkGroupCalloutBlock(blocks.StructBlock):
    group = ThinkGroupChooserBlock(label=_("Think group"))
    text = blocks.CharBlock(required=False, max_length=200, label=_("Extra text"))

    class Meta:
        icon = "group"
        label = _("Think group call-out")
        template = "website/blocks/think_group_callout.html"


class StoryPartBlock(blocks.StructBlock):
    """A part of a practice story (de situatie, wat ik deed …): a heading and plain text."""

    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Part of a practice story")
        template = "website/blocks/story_part.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    interview_turn = InterviewTurnBlock()
    pull_quote = PullQuoteBlock()
    image = CaptionedImageBlock()
    guidance_link = GuidanceLinkBlock()
    think_group = ThinkGroupCalloutBlock()
    signal_report = SignalReportBlock()
    story_part = StoryPartBlock()
