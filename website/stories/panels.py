"""The privacy check panel in the article editor: what the assistant found in a practice
story, what the member replaced it with, what was kept, and the author's answers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class StoryPrivacyPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Privacy check"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "story_privacy"

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/privacy_panel.html"

        def _story(self):
            from .models import Story

            if not getattr(self.instance, "pk", None):
                return None
            if "story_cache" not in self.__dict__:
                self.__dict__["story_cache"] = (
                    Story.objects.filter(page_id=self.instance.pk)
                    .select_related("author", "override_by")
                    .first()
                )
            return self.__dict__["story_cache"]

        def is_shown(self):
            return self._story() is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            from core.anonymise import KIND_LABELS

            from .checks import is_bureau, publication_problem
            from .models import CHECKED, PART_LABELS
            from .text import chosen

            context = super().get_context_data(parent_context)
            story = self._story()
            rows = []
            for part in CHECKED:
                picks = chosen(story, part)
                for index, finding in enumerate(story.findings.get(part, [])):
                    kept = picks[index].strip().casefold() == finding["original"].casefold()
                    rows.append(
                        {
                            "part": PART_LABELS[part],
                            "kind": KIND_LABELS.get(finding["kind"], KIND_LABELS["other"]),
                            "original": finding["original"],
                            "replacement": picks[index],
                            "kept": kept,
                        }
                    )
            context.update(
                story=story,
                rows=rows,
                problem=publication_problem(story),
                answers=list(story.events.filter(kind="answer").order_by("created_at")),
                can_override=is_bureau(self.request.user),
            )
            return context
