"""The labelled set of practice-story sentences (data/stories_nl.txt) and how the assistant's
findings are scored on it; used by the test and by bench/bench_stories.py."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).with_name("data") / "stories_nl.txt"
_LABEL = re.compile(r"\[\[(naam|plaats|datum|leeftijd):([^\]]+)\]\]")


def load() -> list[tuple[str, list[tuple[str, int, int, str]]]]:
    """(plain text, [(kind, start, end, text)]) per sentence."""
    examples = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out, spans, position, length = [], [], 0, 0
        for match in _LABEL.finditer(line):
            before = line[position : match.start()]
            out.append(before)
            length += len(before)
            value = match.group(2)
            spans.append((match.group(1), length, length + len(value), value))
            out.append(value)
            length += len(value)
            position = match.end()
        out.append(line[position:])
        examples.append(("".join(out), spans))
    return examples


def score(examples, findings_of) -> dict:
    """Per kind: labelled and found (a finding covers the labelled text), plus what was missed."""
    total, found, missed = Counter(), Counter(), []
    for text, spans in examples:
        findings = findings_of(text)
        for kind, start, end, value in spans:
            total[kind] += 1
            if any(f["start"] <= start and end <= f["end"] for f in findings) or all(
                any(f["start"] <= i < f["end"] for f in findings)
                for i in range(start, end)
                if not text[i].isspace()
            ):
                found[kind] += 1
            else:
                missed.append((kind, value, text))
    return {"total": total, "found": found, "missed": missed}
