"""The practice-story assistant: time to analyse a story of 5,000 characters in the worker
(deduce loaded once per process), and its findings on the labelled set. Prints a table.

Usage: .venv/bin/python bench/bench_stories.py [--runs 30] [--chars 5000]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")

import django  # noqa: E402

django.setup()

from core import anonymise as anon  # noqa: E402
from tests.stories import labelled  # noqa: E402
from website.stories.jobs import analyse  # noqa: E402
from website.stories.models import Story  # noqa: E402


def story_of(chars: int) -> Story:
    """A story of about ``chars`` characters over the four parts, from the labelled sentences."""
    sentences = [text for text, _spans in labelled.load()]
    parts = {"situation": [], "action": [], "obstacles": [], "helps": []}
    names = list(parts)
    total, i = 0, 0
    while total < chars:
        sentence = sentences[i % len(sentences)] + " "
        parts[names[i % 4]].append(sentence)
        total += len(sentence)
        i += 1
    return Story(title="Een verhaal uit Apeldoorn", **{k: "".join(v) for k, v in parts.items()})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--chars", type=int, default=5000)
    args = parser.parse_args()
    if not anon.is_built():
        sys.exit("deduce is not built: .venv/bin/python -m core.anonymise --build")
    started = time.perf_counter()
    anon.anonymise("Jan Jansen uit Utrecht")
    load_s = time.perf_counter() - started
    story = story_of(args.chars)
    analyse(story)  # warm
    timings = []
    for _ in range(args.runs):
        t = time.perf_counter()
        findings = analyse(story)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    count = sum(len(v) for v in findings.values())
    print(
        f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; deduce load {load_s:.1f} s"
    )
    heading = ("story chars", "findings", "runs", "median ms", "p95 ms", "max ms")
    print("{:>11} {:>9} {:>5} {:>10} {:>8} {:>8}".format(*heading))
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"{story.total_chars():>11} {count:>9} {args.runs:>5} "
        f"{statistics.median(timings):>10.1f} {p95:>8.1f} {timings[-1]:>8.1f}"
    )
    result = labelled.score(
        labelled.load(), lambda text: analyse(Story(situation=text))["situation"]
    )
    print(f"\n{'kind':<9} {'labelled':>9} {'marked':>7} {'recall':>7}")
    for kind in ("naam", "plaats", "datum", "leeftijd"):
        total, found = result["total"][kind], result["found"][kind]
        print(f"{kind:<9} {total:>9} {found:>7} {found / total:>7.0%}")
    for kind, value, _text in result["missed"]:
        print(f"missed {kind}: {value!r}")


if __name__ == "__main__":
    main()
