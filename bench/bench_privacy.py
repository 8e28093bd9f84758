"""Throughput of the client-privacy guard (core.privacy.scan), which runs in
every write path before a post is stored. Prints a table.

Usage: .venv/bin/python bench/bench_privacy.py [--bodies 5000]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")

import django  # noqa: E402

django.setup()

from core.privacy import scan  # noqa: E402
from groups import demo, demo_texts  # noqa: E402


class _NoHtml:
    def html(self, fragment, mentioned=None):
        return ""


class _Person:
    def __init__(self, name):
        self.display_name = name


def demo_bodies(count: int) -> list[str]:
    rng = random.Random(7)
    people = [_Person(f"Collega {n}") for n in range(5)]
    return [
        demo._body(
            rng, rng.choice(list(demo_texts.SUBSTANCE)), first=n % 4 == 0, earlier=people,
            renderer=_NoHtml(),
        )[0]
        for n in range(count)
    ]  # fmt: skip


PERSONAL = (
    "Cliënt (BSN 123.456.782) belde vanaf 06-12345678; rekening NL91 ABNA 0417 1643 00, "
    "woont op 1234 AB 12, geboren op 3 maart 1987, mail jan@example.nl.\n"
)


# Adversarial posts of 20,000 characters (issue 12): each shaped to make a backtracking
# pattern try every split of a long run. Target: at most 50 ms each on this machine.
N = 20_000
HOSTILE = {
    "hostile: postcode + spaces": "mail a@b.nl 1234 AB" + " " * N + "x",
    "hostile: postcode + nbsp": "1234 AB" + "\u00a0" * N + "x",
    "hostile: street + spaces": "Kerkstraat 12" + " " * N + "x",
    "hostile: IBAN-like words": ("NL12" + "A1B2" * 10 + " ") * (N // 45),
    "hostile: geboren + spaces": "geboren" + " " * N + "x",
    "hostile: bsn + spaces": "bsn" + " " * N + "x",
    "hostile: a%a%a…": "a%" * (N // 2),
    "hostile: 2,000 postcodes": "1234 AB 1 " * (N // 10),
    "hostile: IBAN shapes + phones": "NL12ABCD1 06-12345678 " * (N // 22),
    "hostile: e-mail label run": "a@" + "a-" * (N // 2),
}


def measure(label: str, texts: list[str]) -> tuple:
    timings = []
    findings = 0
    for text in texts:
        started = time.perf_counter()
        findings += len(scan(text))
        timings.append(time.perf_counter() - started)
    total = sum(timings)
    chars = sum(len(t) for t in texts)
    timings.sort()
    return (
        label,
        len(texts),
        round(chars / len(texts)),
        findings,
        round(len(texts) / total),
        round(statistics.median(timings) * 1e6),
        round(timings[int(len(timings) * 0.99) - 1] * 1e6),
        round(total / (chars / 1000) * 1e6, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=int, default=5000)
    args = parser.parse_args()
    bodies = demo_bodies(args.bodies)
    long_posts = ["\n\n".join(bodies[i : i + 60])[:20000] for i in range(0, 6000, 60)]
    rows = [
        measure("demo posts", bodies),
        measure("posts with personal data", [b + "\n" + PERSONAL for b in bodies[:1000]]),
        measure("20,000-char posts", long_posts[:100]),
        measure("hostile: digit runs", [("1234 5678 " * 2000)[:20000]] * 20),
        *(measure(label, [text[:N]] * 10) for label, text in HOSTILE.items()),
    ]  # fmt: skip
    header = ("input", "texts", "avg chars", "findings", "scans/s", "p50 µs", "p99 µs", "µs/KB")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                str(v).rjust(w) if i else str(v).ljust(w)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
