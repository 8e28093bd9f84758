"""The labelled recall set of the anonymiser (data/recall_nl.txt) and how recall is scored;
used by the recall test and by bench/bench_anonymise.py."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "recall_nl.txt"
_LABEL = re.compile(r"\[\[(naam|plaats):([^\]]+)\]\]")
KINDS = {"naam": "name", "plaats": "place"}


@dataclass(frozen=True)
class Span:
    kind: str  # "name" or "place"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Example:
    text: str
    spans: tuple[Span, ...]


def parse(line: str) -> Example:
    """``line`` without its labels, and the labelled spans in the plain text."""
    out, spans, position = [], [], 0
    length = 0
    for match in _LABEL.finditer(line):
        before = line[position : match.start()]
        out.append(before)
        length += len(before)
        value = match.group(2)
        spans.append(Span(KINDS[match.group(1)], length, length + len(value), value))
        out.append(value)
        length += len(value)
        position = match.end()
    out.append(line[position:])
    return Example("".join(out), tuple(spans))


def load() -> list[Example]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [parse(line) for line in lines if line.strip() and not line.startswith("#")]


def covered(span: Span, findings) -> bool:
    """Every character of the span lies inside some finding (a name split in two counts)."""
    chars = set()
    for finding in findings:
        chars.update(range(finding.start, finding.end))
    return all(i in chars for i in range(span.start, span.end))


def score(examples: list[Example], anonymise) -> dict:
    """Recall per kind, and the missed spans (for reading)."""
    found, total, missed, extra = Counter(), Counter(), [], []
    for example in examples:
        findings = anonymise(example.text).findings
        for finding in findings:
            # Replaced words that are no labelled name or place: over-anonymisation (the
            # set labels names and places only, so dates and ages land here too).
            if finding.kind in ("name", "place") and not any(
                finding.start < s.end and s.start < finding.end for s in example.spans
            ):
                extra.append((finding.kind, finding.original, example.text))
        for span in example.spans:
            total[span.kind] += 1
            if covered(span, findings):
                found[span.kind] += 1
            else:
                missed.append((span.kind, span.text, example.text))
    return {
        "total": dict(total),
        "found": dict(found),
        "recall": {kind: found[kind] / total[kind] for kind in total},
        "missed": missed,
        "extra": extra,
    }
