"""Anonymisation of Dutch text that leaves the platform: deduce plus the client-privacy guard.

``anonymise(text)`` returns the text with every finding replaced by a neutral placeholder
("[naam]", "[plaats]", "[datum]" …) and the list of findings (kind, span in the original
text, original, replacement), so a reviewer can see and correct each one side by side and
a writing assistant can underline them.

deduce (the Dutch de-identification library of UMC Utrecht) finds names of people, places,
institutions, dates and ages; the client-privacy guard finds BSNs, IBANs, phone numbers,
e-mail addresses, postcodes with house numbers and dates of birth, each checked for validity.

deduce's lookup structures take about 90 s to build and about 1 GB of memory once loaded.
They are built at install time (``python -m core.anonymise --build``, a Makefile step after
the virtualenv), loaded once per process on first use, and never built on demand: without
the built structures ``anonymise`` raises ``AnonymiserUnavailable``. Only processes that
anonymise (the worker, tests, scripts) load them; web processes never call this.

This is a bottom module: it imports nothing from ``groups`` or ``website`` (the privacy
scanner is ``core.privacy``).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Kind:
    NAME = "name"
    PLACE = "place"
    ORGANISATION = "organisation"
    DATE = "date"
    AGE = "age"
    ADDRESS = "address"
    BSN = "bsn"
    IBAN = "iban"
    PHONE = "phone"
    EMAIL = "email"
    URL = "url"
    ID = "id"
    OTHER = "other"


# The placeholder that replaces each kind (Dutch in the catalogue: "[naam]", "[plaats]" …).
PLACEHOLDERS = {
    Kind.NAME: _("[name]"),
    Kind.PLACE: _("[place]"),
    Kind.ORGANISATION: _("[organisation]"),
    Kind.DATE: _("[date]"),
    Kind.AGE: _("[age]"),
    Kind.ADDRESS: _("[address]"),
    Kind.BSN: _("[BSN]"),
    Kind.IBAN: _("[account number]"),
    Kind.PHONE: _("[phone number]"),
    Kind.EMAIL: _("[e-mail address]"),
    Kind.URL: _("[link]"),
    Kind.ID: _("[number]"),
    Kind.OTHER: _("[data]"),
}

KIND_LABELS = {
    Kind.NAME: _("name"),
    Kind.PLACE: _("place"),
    Kind.ORGANISATION: _("organisation"),
    Kind.DATE: _("date"),
    Kind.AGE: _("age"),
    Kind.ADDRESS: _("address"),
    Kind.BSN: _("BSN"),
    Kind.IBAN: _("account number"),
    Kind.PHONE: _("phone number"),
    Kind.EMAIL: _("e-mail address"),
    Kind.URL: _("link"),
    Kind.ID: _("number"),
    Kind.OTHER: _("personal data"),
}

# deduce's tags → our kinds.
_DEDUCE_KINDS = {
    "persoon": Kind.NAME,
    "patient": Kind.NAME,
    "locatie": Kind.PLACE,
    "ziekenhuis": Kind.ORGANISATION,
    "zorginstelling": Kind.ORGANISATION,
    "instelling": Kind.ORGANISATION,
    "datum": Kind.DATE,
    "leeftijd": Kind.AGE,
    "straat": Kind.ADDRESS,
    "bsn": Kind.BSN,
    "telefoonnummer": Kind.PHONE,
    "emailadres": Kind.EMAIL,
    "url": Kind.URL,
    "id": Kind.ID,
}

# The privacy guard's kinds → ours.
_GUARD_KINDS = {
    "bsn": Kind.BSN,
    "iban": Kind.IBAN,
    "phone": Kind.PHONE,
    "email": Kind.EMAIL,
    "postcode": Kind.ADDRESS,
    "birth_date": Kind.DATE,
}

# Words of the social domain that deduce's name and place lists also hold (a law called
# after nobody, an agency): never replaced, since they identify no one and the report
# needs them. Compared case-insensitively with the whole finding.
DOMAIN_TERMS = frozenset(
    term.casefold()
    for term in (
        "Participatiewet",
        "Tozo",
        "Bbz",
        "Wmo",
        "Wmo 2015",
        "Jeugdwet",
        "Wsnp",
        "Wet inburgering",
        "Wet inburgering 2021",
        "Awb",
        "UWV",
        "SVB",
        "DUO",
        "IND",
        "COA",
        "CAK",
        "CJIB",
        "CJG",
        "GGD",
        "Sociale Verzekeringsbank",
        "Belastingdienst",
        "Toeslagen",
        "Kostendelersnorm",
        "Jeugdzorg",
        "Schuldhulpverlening",
        "Bijstand",
        "Inburgering",
        "Wijkteam",
        "Klantmanager",
        "Gemeente",
        "Rijk",
        "Kamer",
        "Tweede Kamer",
        "Eerste Kamer",
    )  # fmt: skip
)


class AnonymiserUnavailable(RuntimeError):
    """deduce's lookup structures have not been built on this machine."""


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int  # span in the original text
    end: int
    original: str
    replacement: str
    source: str  # "deduce" or "guard"

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.kind, KIND_LABELS[Kind.OTHER]))


@dataclass(frozen=True)
class Anonymised:
    text: str
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"text": self.text, "findings": [f.as_dict() for f in self.findings]}


# --- deduce, loaded once per process -------------------------------------------------------

_lock = threading.Lock()
_deduce = None


def _import_deduce():
    """Import deduce without letting it configure the root logger (it calls basicConfig at
    DEBUG on import, which would print every library's debug lines)."""
    root = logging.getLogger()
    placeholder = None
    if not root.handlers:
        placeholder = logging.NullHandler()
        root.addHandler(placeholder)
    try:
        import deduce
    finally:
        if placeholder is not None:
            root.removeHandler(placeholder)
    return deduce


def cache_dir() -> Path:
    """Where the built lookup structures live: inside the virtualenv, beside the package.

    Not deduce's own default (inside its package): deduce then compares its source files'
    modification times with a naive local timestamp, so a build made in one time zone (the
    shell) looked stale in another (Django sets TZ) and was rebuilt in the process. With a
    directory of our own only the deduce version is checked."""
    return Path(os.environ.get("DEDUCE_CACHE_DIR") or Path(sys.prefix) / "deduce-cache")


def cache_file() -> Path:
    return cache_dir() / "cache" / "lookup_structs.pickle"


def is_built() -> bool:
    try:
        return cache_file().exists()
    except ImportError:
        return False


def _deidentifier():
    global _deduce
    if _deduce is not None:
        return _deduce
    with _lock:
        if _deduce is None:
            if not is_built():
                logger.error(
                    "deduce's lookup structures are missing; build them with "
                    "`python -m core.anonymise --build` (make venv does)"
                )
                raise AnonymiserUnavailable("deduce lookup structures not built")
            deduce = _import_deduce()
            started = time.monotonic()
            instance = deduce.Deduce(cache_path=cache_dir(), build_lookup_structs=False)
            logger.info("deduce loaded in %.1f s", time.monotonic() - started)
            _deduce = instance
    return _deduce


def build(*, out=sys.stdout) -> float:
    """Build deduce's lookup structures (install step), printing progress; returns seconds."""
    deduce = _import_deduce()
    done = threading.Event()
    failure: list[BaseException] = []

    def work():
        try:
            deduce.Deduce(cache_path=cache_dir(), build_lookup_structs=True)
        except BaseException as exc:  # reported below, in the main thread
            failure.append(exc)
        finally:
            done.set()

    started = time.monotonic()
    threading.Thread(target=work, daemon=True).start()
    out.write("Building deduce's lookup structures (about 90 s, once per install)\n")
    while not done.wait(5):
        out.write(f"  … {time.monotonic() - started:.0f} s\n")
        out.flush()
    if failure:
        raise failure[0]
    seconds = time.monotonic() - started
    out.write(f"deduce ready in {seconds:.0f} s: {cache_file()}\n")
    return seconds


# --- anonymising -------------------------------------------------------------------------------


def _guard_scan(text: str) -> list:
    from core.privacy import scan

    return scan(text)


def _deduce_findings(text: str) -> list[Finding]:
    doc = _deidentifier().deidentify(text)
    found = []
    for annotation in doc.annotations:
        kind = _DEDUCE_KINDS.get(annotation.tag, Kind.OTHER)
        original = text[annotation.start_char : annotation.end_char]
        if kind in (Kind.NAME, Kind.PLACE, Kind.ORGANISATION) and _is_domain_term(original):
            continue
        found.append(
            Finding(kind, annotation.start_char, annotation.end_char, original, "", "deduce")
        )
    return found


_LEADING_TITLE = re.compile(r"^(?:[Kk]lant|[Cc]liënt|[Cc]lient|[Cc]ollega|[Cc]lientmanager)\s+")


def _is_domain_term(original: str) -> bool:
    return original.strip().casefold() in DOMAIN_TERMS


def _trim(finding: Finding) -> Finding:
    """deduce includes a leading "Klant"/"Cliënt"/"collega" in a name ("Klant Pieter de Vries"); the
    word is the professional's, not the client's, so it stays in the text."""
    match = _LEADING_TITLE.match(finding.original)
    if finding.kind != Kind.NAME or not match:
        return finding
    cut = match.end()
    return Finding(
        finding.kind,
        finding.start + cut,
        finding.end,
        finding.original[cut:],
        finding.replacement,
        finding.source,
    )


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Non-overlapping findings in text order: the guard's (validated) findings win over
    deduce's, then the longer span."""
    ranked = sorted(findings, key=lambda f: (f.source != "guard", -(f.end - f.start), f.start))
    chosen: list[Finding] = []
    for finding in ranked:
        if finding.end <= finding.start:
            continue
        if all(finding.end <= c.start or finding.start >= c.end for c in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def anonymise(text: str) -> Anonymised:
    """``text`` with names, places, organisations, dates, ages and client data replaced by
    placeholders, and the findings with their spans in ``text``."""
    if not text or not text.strip():
        return Anonymised(text or "", [])
    raw = [_trim(f) for f in _deduce_findings(text)]
    for hit in _guard_scan(text):
        kind = _GUARD_KINDS.get(hit.kind, Kind.OTHER)
        raw.append(Finding(kind, hit.start, hit.end, text[hit.start : hit.end], "", "guard"))
    findings = []
    pieces = []
    position = 0
    for finding in _resolve(raw):
        replacement = str(PLACEHOLDERS.get(finding.kind, PLACEHOLDERS[Kind.OTHER]))
        pieces.append(text[position : finding.start])
        pieces.append(replacement)
        position = finding.end
        findings.append(
            Finding(
                finding.kind,
                finding.start,
                finding.end,
                finding.original,
                replacement,
                finding.source,
            )
        )
    pieces.append(text[position:])
    return Anonymised("".join(pieces), findings)


def guard_findings(text: str) -> list[Finding]:
    """The privacy guard alone (fast, no deduce): for text a person corrected by hand."""
    return [
        Finding(
            _GUARD_KINDS.get(h.kind, Kind.OTHER), h.start, h.end, text[h.start : h.end], "", "guard"
        )
        for h in _guard_scan(text)
    ]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--build"]:
        build()
        return 0
    if argv[:1] == ["--check"]:
        print("built" if is_built() else "not built")
        return 0 if is_built() else 1
    print("usage: python -m core.anonymise --build | --check")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
