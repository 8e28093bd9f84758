"""The privacy guard runs in linear time on any input (issue 12, item 1).

A post of 20,000 characters such as "1234 AB" followed by spaces froze a server process
for seconds: the scanner's patterns backtracked quadratically, and a regular expression
holds the interpreter lock for as long as it runs, so every socket and request of the
process waited. Wall-clock ceilings are flaky on a shared machine; the growth is not:
four times the input takes about four times as long for a linear scanner and sixteen
times as long for a quadratic one. Each input is timed at n and 4n (best of several
runs, in CPU time of the thread) and the ratio must stay below 8.
"""

from __future__ import annotations

import gc
import time

import pytest

from core.privacy import scan

HOSTILE = {
    "postcode then spaces": lambda n: "mail a@b.nl 1234 AB" + " " * n + "x",
    "postcode then non-breaking spaces": lambda n: "1234 AB" + "\u00a0" * n + "x",
    "street and number then spaces": lambda n: "Kerkstraat 12" + " " * n + "x",
    "IBAN-like repeated words": lambda n: ("NL12" + "A1B2" * 10 + " ") * (n // 45),
    "born then spaces": lambda n: "geboren" + " " * n + "x",
    "bsn then spaces": lambda n: "bsn" + " " * n + "x",
    "percent-separated local parts": lambda n: "a%" * (n // 2),
    "many postcodes": lambda n: "1234 AB 1 " * (n // 10),
    "IBAN shapes and phone numbers": lambda n: "NL12ABCD1 06-12345678 " * (n // 22),
}


def _best_time(text: str, runs: int = 5) -> float:
    """The least CPU time of this thread over ``runs`` scans (other processes' load on
    the shared machine does not count in it)."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(runs):
            started = time.thread_time()
            scan(text)
            best = min(best, time.thread_time() - started)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("name", list(HOSTILE))
def test_scan_time_grows_linearly_with_hostile_input(name):
    make = HOSTILE[name]
    small, large = make(4_000), make(16_000)
    ratio = _best_time(large) / max(_best_time(small), 1e-4)
    assert ratio < 8, f"{name}: 4× the input took {ratio:.1f}× as long (quadratic: ~16×)"


def test_the_linear_patterns_still_find_what_they_found():
    text = (
        "Cliënt (BSN 123.456.782) belde vanaf 06-12345678; rekening NL91 ABNA 0417 1643 00, "
        "woont op 1234 AB 12, Kerkstraat 12, 1234 AB, geboren op 3 maart 1987, "
        "mail jan@example.nl."
    )
    kinds = [f.kind for f in scan(text)]
    assert kinds == ["bsn", "phone", "iban", "postcode", "postcode", "birth_date", "email"]
    # Padding between the postcode and the number is still one finding.
    assert [f.kind for f in scan("woont op 1234 AB   ,  12")] == ["postcode"]


PROSE = (
    "De brede intake kost tijd, maar levert een veel realistischer plan op. Op 12 maart "
    "bespreken we artikel 3.2 van de Participatiewet in het werkoverleg (versie 2.1).\n\n"
)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_costs_about_as_much_as_prose_of_its_length(name):
    """Bounded patterns can still be slow by a huge constant (1-4-character groups with
    optional spaces tried in every split: seconds for 20,000 characters); compared with
    ordinary text of the same length the hostile one may cost a small multiple."""
    hostile = HOSTILE[name](16_000)
    prose = (PROSE * (len(hostile) // len(PROSE) + 1))[: len(hostile)]
    ratio = _best_time(hostile) / max(_best_time(prose), 1e-4)
    assert ratio < 20, f"{name}: {ratio:.0f}× the time of prose of the same length"
