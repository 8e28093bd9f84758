"""A story's text as others see it: the original with each finding replaced by the member's
choice, and the same as segments (plain text and marks) for the assistant's view."""

from __future__ import annotations

from dataclasses import dataclass

from core.anonymise import KIND_LABELS

from .models import CHECKED, Story


@dataclass(frozen=True)
class Segment:
    text: str
    finding: dict | None = None  # a mark: the finding, with "index" and "chosen"
    index: int = -1

    @property
    def is_mark(self) -> bool:
        return self.finding is not None


def chosen(story: Story, part: str) -> list[str]:
    """The member's replacement per finding of ``part`` (the proposal until they choose)."""
    findings = story.findings.get(part, [])
    picks = story.choices.get(part, [])
    return [
        picks[i] if i < len(picks) and isinstance(picks[i], str) else f.get("replacement", "")
        for i, f in enumerate(findings)
    ]


def segments(story: Story, part: str) -> list[Segment]:
    text = story.part_text(part)
    findings = story.findings.get(part, []) if story.is_analysed else []
    picks = chosen(story, part)
    out: list[Segment] = []
    position = 0
    for index, finding in enumerate(findings):
        start, end = int(finding.get("start", -1)), int(finding.get("end", -1))
        if start < position or end <= start or text[start:end] != finding.get("original"):
            continue  # a stale finding (the text changed): shown as plain text
        if start > position:
            out.append(Segment(text[position:start]))
        label = str(KIND_LABELS.get(finding.get("kind"), KIND_LABELS["other"]))
        out.append(
            Segment(picks[index], {**finding, "chosen": picks[index], "label": label}, index)
        )
        position = end
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


def published_text(story: Story, part: str) -> str:
    return "".join(s.text for s in segments(story, part))


def kept_findings(story: Story) -> list[dict]:
    """Findings the member kept as they were (unreplaced): these block publication."""
    kept = []
    for part in CHECKED:
        picks = chosen(story, part)
        for index, finding in enumerate(story.findings.get(part, [])):
            if picks[index].strip().casefold() == str(finding.get("original", "")).casefold():
                kept.append({**finding, "part": part})
    return kept


def carry_choices(old_findings: list[dict], old_picks: list[str], new_findings: list[dict]):
    """Keep the member's choice for a finding that the new analysis finds again (same text)."""
    by_original = {}
    for index, finding in enumerate(old_findings):
        if index < len(old_picks):
            by_original.setdefault(finding.get("original"), old_picks[index])
    return [by_original.get(f.get("original"), f.get("replacement", "")) for f in new_findings]
