"""Recall of the anonymiser (core.anonymise: deduce + the privacy guard) for names and places
on the labelled set tests/signals/data/recall_nl.txt, and its speed. Prints a table.

Usage: .venv/bin/python bench/bench_anonymise.py [--show-missed]
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
from tests.signals import recall  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-missed", action="store_true")
    args = parser.parse_args()
    if not anon.is_built():
        sys.exit("deduce is not built: .venv/bin/python -m core.anonymise --build")
    started = time.perf_counter()
    anon.anonymise("Jan Jansen uit Utrecht")
    load_s = time.perf_counter() - started
    examples = recall.load()
    timings = []
    for example in examples:
        t = time.perf_counter()
        anon.anonymise(example.text)
        timings.append((time.perf_counter() - t) * 1000)
    result = recall.score(examples, anon.anonymise)
    print(f"load average {os.getloadavg()[0]:.2f}; {len(examples)} sentences")
    print(f"{'kind':<8} {'labelled':>9} {'replaced':>9} {'recall':>8}")
    for kind in ("name", "place"):
        total, found = result["total"].get(kind, 0), result["found"].get(kind, 0)
        print(f"{kind:<8} {total:>9} {found:>9} {found / total:>8.1%}")
    all_total = sum(result["total"].values())
    all_found = sum(result["found"].values())
    print(f"{'both':<8} {all_total:>9} {all_found:>9} {all_found / all_total:>8.1%}")
    print(f"other words replaced as a name or place (over-anonymisation): {len(result['extra'])}")
    print(
        f"deduce load {load_s:.1f} s; per sentence median {statistics.median(timings):.1f} ms, "
        f"p95 {sorted(timings)[int(len(timings) * 0.95)]:.1f} ms"
    )
    if args.show_missed:
        for kind, text, sentence in result["missed"]:
            print(f"missed {kind}: {text!r} in {sentence!r}")
        for kind, text, sentence in result["extra"]:
            print(f"extra {kind}: {text!r} in {sentence!r}")


if __name__ == "__main__":
    main()
