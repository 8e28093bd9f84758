"""The client-privacy guard: finds likely personal data of clients in a post before it is stored.

Members discuss real cases of vulnerable residents; the professional code forbids exposing
them. ``scan`` finds BSNs (elfproef), IBANs (mod-97), Dutch phone numbers, e-mail addresses,
postcodes with a house number and dates of birth (next to "geboren" or a name). Every
pattern is checked for validity and context so that ordinary professional text (amounts,
years, law articles, meeting dates, versions, percentages, times) gives no finding.
``check_text`` is what write functions call; whether a confirmed post is then held for
review is the bureau's setting (``groups.moderation.guard``).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import ActionError


class Kind:
    BSN = "bsn"
    IBAN = "iban"
    PHONE = "phone"
    EMAIL = "email"
    POSTCODE = "postcode"
    BIRTH_DATE = "birth_date"


# How a finding is named in the warning ("regel 2: een BSN (123…782)").
KIND_LABELS = {
    Kind.BSN: _("a BSN"),
    Kind.IBAN: _("an IBAN"),
    Kind.PHONE: _("a phone number"),
    Kind.EMAIL: _("an e-mail address"),
    Kind.POSTCODE: _("a postcode with house number"),
    Kind.BIRTH_DATE: _("a date of birth"),
}

# When two findings overlap, the more specific kind wins (an IBAN contains digit runs
# that could look like a BSN; "+31 612345678" contains nine digits).
PRIORITY = [Kind.IBAN, Kind.EMAIL, Kind.BIRTH_DATE, Kind.PHONE, Kind.BSN, Kind.POSTCODE]


@dataclass(frozen=True)
class Finding:
    kind: str
    masked: str
    start: int
    end: int
    line: int
    label: str

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------
# Validity rules
# ---------------------------------------------------------------------------------------


def elfproef(digits: str) -> bool:
    """The official BSN check: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11.

    An 8-digit number (an old sofinummer written without its leading zero) is padded
    with a zero first, as the rule prescribes. All zeros is not a number anyone has.
    """
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


# Lengths per country (ISO 13616 registry); unknown countries: any length from 15 to 34.
IBAN_LENGTHS = {
    "NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "LU": 20,
    "AT": 20, "CH": 21, "DK": 18, "FI": 18, "IE": 22, "PT": 25, "PL": 28, "SE": 24,
    "NO": 15, "TR": 26, "MA": 28, "GR": 27, "CZ": 24, "HU": 28, "RO": 24, "BG": 22,
    "HR": 21, "SK": 24, "SI": 19, "LT": 20, "LV": 21, "EE": 20, "CY": 28, "MT": 31,
}  # fmt: skip


def iban_valid(compact: str) -> bool:
    compact = compact.upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    if compact[:2] == "NL" and not re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


# ---------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------

_SEP = r"[ \u00a0.\-]"
MONTHS = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE = (
    rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})|\d{{1,2}}\s+(?:{MONTHS})\.?\s+\d{{4}})"
)

BSN_RE = re.compile(
    r"(?<![\w.,€$+/:\-])"
    r"(\d{9}|\d{3}([ .\-])\d{3}\2\d{3}|\d{4}([ .])\d{2}\3\d{3}|\d{2}([ .])\d{3}\4\d{4})"
    r"(?![\w%€]|[.,:/\-]\d)"
)
# An 8-digit number is only a BSN where the text says so: 8 digits are also KvK numbers,
# case numbers and the like, and one in eleven passes the elfproef by chance.
BSN8_RE = re.compile(
    r"(?i:\b(?:bsn|burgerservicenummer|sofi-?nummer|sofinr|sofi)\b)\s*+(?:nr\.?|nummer)?+\s*+[:.]?+\s*+"
    r"(\d{8}|\d{2}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{2}[ .]\d{2})(?![\w%]|[.,]\d)"
)
# Where an IBAN may start; how far it runs is decided by ``_iban_spans`` (a bounded scan:
# a pattern of 1-4-character groups with optional spaces backtracks exponentially).
IBAN_START_RE = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}")
PHONE_RE = re.compile(
    r"(?<![\w+/.,:\-])("
    # +31 6 12345678, +31 (0)6-12345678, 0031 10 123 4567
    r"(?:\+\s?|00)31\s?(?:\(0\)\s?)?[\-.]?\s?[1-9](?:" + _SEP + r"?\d){8}"
    # (010) 123 45 67, (0345) 123456
    r"|\(0[1-9]\)\s?\d(?:" + _SEP + r"?\d){7}"
    r"|\(0[1-9]\d\)\s?\d(?:" + _SEP + r"?\d){6}"
    r"|\(0[1-9]\d\d\)\s?\d(?:" + _SEP + r"?\d){5}"
    # 06-12345678, 010-1234567, 0201234567, 06 12 34 56 78
    r"|0[1-9](?:" + _SEP + r"?\d){8}"
    r")(?![\w%€]|[.,:/]\d|-\d)"
)
EMAIL_RE = re.compile(
    r"(?<![\w.%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)
# Dutch postcodes: 4 digits (no leading zero) and two capitals (SA, SD and SS are not
# issued), followed by a house number; or a street + house number followed by a postcode.
_POSTCODE = r"[1-9]\d{3}[ \u00a0]?(?!SA|SD|SS)[A-Z]{2}"
_HOUSE_NUMBER = r"\d{1,5}(?:[ ]?[a-zA-Z]\b|[\-/]\d{1,4}|\s?(?:hs|bis|huis)\b)?"
POSTCODE_RE = re.compile(
    r"(?<![\w])(" + _POSTCODE + r"(?![A-Za-z])"
    r"[ \u00a0]*+,?+[ \u00a0]*+(?:(?i:nr\.?|nummer|huisnummer|no\.?)[ \u00a0]*+)?"
    + _HOUSE_NUMBER
    + r")"
    r"(?![\w,.]\d|\d)"
)
STREET_RE = re.compile(
    r"(?<![\w])([A-Z][a-zà-ÿ]+(?:[ \-][A-Za-zà-ÿ]+){0,3}?"
    r"(?:straat|weg|laan|plein|singel|gracht|kade|dijk|hof|pad|steeg|dreef|park|markt|"
    r"plantsoen|erf|baan|ring|hout|veld|wijk|straatweg)"
    r"[ \u00a0]++" + _HOUSE_NUMBER + r"[ \u00a0]*+,?+[ \u00a0]*+" + _POSTCODE + r")(?![A-Za-z])"
)
BIRTH_RE = re.compile(
    r"(?i:\b(?:(?:geboren|geboortedatum|geboortedag|date of birth|born|dob)\b|geb\.?\s?datum\b"
    r"|d\.o\.b\.|geb\.|geb\b))[ \u00a0]*+(?i:op\b|:|on\b)?+[ \u00a0:]*+(" + _DATE + r")"
)
_PARTICLES = r"van|de|der|den|het|ter|ten|te|in|'t|el|al|ben|bin|da|di|dos|du|le|la|von|zu"
_NAME = r"[A-Z][a-zà-ÿ'\-]+(?:[ ](?:" + _PARTICLES + r"))*"
NAMED_DATE_RE = re.compile(r"(" + _NAME + r"[ ]+" + _NAME + r")[ ]?,?[ ]?\((" + _DATE + r")\)")

_YEAR_IN_DATE = re.compile(r"(\d{2,4})\s*$")


def _plausible_birth_year(date_text: str) -> bool:
    """A named date is a birth date only if it lies well in the past; a meeting date next
    to a name ("Algemene Ledenvergadering (12-04-2025)") does not."""
    match = _YEAR_IN_DATE.search(date_text)
    if not match:
        return False
    year = int(match.group(1))
    if year < 100:
        return True  # "(12-04-90)": a two-digit year next to a name is a birth date
    return 1900 <= year <= timezone.now().year - 12


def _mask(kind: str, text: str) -> str:
    """Enough to find it again in the text, not enough to store the personal data."""
    compact = (
        re.sub(r"[\s.\-()]", "", text)
        if kind in (Kind.BSN, Kind.IBAN, Kind.PHONE)
        else text.strip()
    )
    if kind == Kind.EMAIL:
        local, _at, domain = compact.partition("@")
        return f"{local[:1]}…@{domain}"
    if kind == Kind.IBAN:
        return f"{compact[:4].upper()}…{compact[-2:]}"
    if kind == Kind.POSTCODE:
        postcode = re.search(r"[1-9]\d{3}", compact)
        return f"{postcode.group(0) if postcode else ''}…"
    if kind == Kind.BIRTH_DATE:
        years = re.findall(r"\d{4}|\d{2}(?=\D*$)", compact)
        return f"…{years[-1] if years else ''}"
    if len(compact) <= 6:
        return compact[:2] + "…"
    return f"{compact[:3]}…{compact[-3:]}"


_IBAN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _iban_end(text: str, start: int) -> int | None:
    """Where an IBAN starting at ``start`` ends: after its country and check digits, 3 to
    8 groups of 1-4 letters or digits, each after an optional space, not followed by a
    letter or digit; the furthest such end. The groups can only end where a run of
    letters and digits ends, and a run of length L holds ceil(L/4) to L groups, so a walk
    over the runs (at most 44 characters) decides it."""
    pos, fewest, most, best = start + 4, 0, 0, None
    while fewest < 8:
        if pos < len(text) and text[pos] in " \u00a0":
            pos += 1
        end, limit = pos, min(len(text), pos + 33)
        while end < limit and text[end] in _IBAN_CHARS:
            end += 1
        if end == pos:
            break
        fewest, most = fewest - (-(end - pos) // 4), most + end - pos
        if fewest > 8:
            break
        if most >= 3:
            best = end
        pos = end
    return best


def _iban_spans(text: str) -> list[tuple[int, int]]:
    """Everything shaped like an IBAN (valid or not), in order, without overlaps."""
    spans: list[tuple[int, int]] = []
    for m in IBAN_START_RE.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        end = _iban_end(text, m.start())
        if end is not None:
            spans.append((m.start(), end))
    return spans


def _iban_like_spans(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    # Digits inside something shaped like an IBAN (valid or mistyped) are account
    # digits, not a phone number or a BSN.
    return [(s, e) for s, e in spans if re.search(r"[A-Za-z]{4}", text[s + 4 : e])]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of ``spans`` (sorted, not overlapping)."""
    index = bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def _ibans(text: str, spans: list[tuple[int, int]]):
    for span_start, span_end in spans:
        raw = text[span_start:span_end]
        # The span may run into a following word or number: try the longest valid
        # prefix that ends on a character of the span.
        positions = [i for i, ch in enumerate(raw) if ch.isalnum()]
        compact = "".join(raw[i] for i in positions)
        expected = IBAN_LENGTHS.get(compact[:2].upper())
        lengths = [expected] if expected else range(min(len(compact), 34), 14, -1)
        for length in lengths:
            if length <= len(compact) and iban_valid(compact[:length]):
                yield Kind.IBAN, span_start, span_start + positions[length - 1] + 1
                break


def _phones(text: str, iban_like: list[tuple[int, int]]):
    for m in PHONE_RE.finditer(text):
        candidate = m.group(1)
        # A separator run like "01-01-2020 10" is a date with a time, not a number.
        if re.search(r"\d{1,2}-\d{1,2}-(?:19|20)\d{2}", candidate):
            continue
        if len(re.findall(r"[ \u00a0.\-]", candidate)) > 5 or _inside(iban_like, *m.span(1)):
            continue
        yield Kind.PHONE, m.start(1), m.end(1)


def _bsns(text: str, iban_like: list[tuple[int, int]]):
    for m in BSN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if (
            elfproef(digits)
            and not _is_amount(text, m.start(1), m.end(1))
            and not _inside(iban_like, *m.span(1))
        ):
            yield Kind.BSN, m.start(1), m.end(1)
    for m in BSN8_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if elfproef(digits):
            yield Kind.BSN, m.start(1), m.end(1)


def _addresses_and_birth_dates(text: str):
    for m in POSTCODE_RE.finditer(text):
        yield Kind.POSTCODE, m.start(1), m.end(1)
    for m in STREET_RE.finditer(text):
        yield Kind.POSTCODE, m.start(1), m.end(1)
    for m in BIRTH_RE.finditer(text):
        yield Kind.BIRTH_DATE, m.start(), m.end(1)
    for m in NAMED_DATE_RE.finditer(text):
        if _plausible_birth_year(m.group(2)):
            yield Kind.BIRTH_DATE, m.start(1), m.end()


def _candidates(text: str):
    """(kind, start, end) for every valid match, overlapping ones included."""
    spans = _iban_spans(text)
    iban_like = _iban_like_spans(spans, text)
    yield from _ibans(text, spans)
    for m in EMAIL_RE.finditer(text):
        yield Kind.EMAIL, m.start(), m.end()
    yield from _phones(text, iban_like)
    yield from _bsns(text, iban_like)
    yield from _addresses_and_birth_dates(text)


def _is_amount(text: str, start: int, end: int) -> bool:
    """€ 123.456.782 or 123.456.782 euro is money, not a BSN."""
    before = text[max(0, start - 6) : start].lower()
    after = text[end : end + 8].lower()
    return bool(
        re.search(r"(€|eur|euro|\$|£|fl\.?)\s*$", before)
        or re.match(r"\s*(,-|,\d|euro|eur\b|€)", after)
    )


def scan(text: str) -> list[Finding]:
    """Likely personal data in ``text``, in order of appearance, without overlaps."""
    if not text:
        return []
    candidates = sorted(
        set(_candidates(text)), key=lambda c: (PRIORITY.index(c[0]), c[1], -(c[2] - c[1]))
    )
    # The spans taken so far, sorted and not overlapping: a new one only needs comparing
    # with its neighbours (linear in the findings, however many a hostile text has).
    starts: list[int] = []
    taken: list[tuple[int, int, str]] = []
    for kind, start, end in candidates:
        index = bisect_right(starts, start)
        if (index and taken[index - 1][1] > start) or (
            index < len(taken) and taken[index][0] < end
        ):
            continue
        starts.insert(index, start)
        taken.insert(index, (start, end, kind))
    newlines = [m.start() for m in re.finditer("\n", text)]
    labels = {kind: str(label) for kind, label in KIND_LABELS.items()}
    return [
        Finding(
            kind=kind,
            masked=_mask(kind, text[start:end]),
            start=start,
            end=end,
            line=bisect_left(newlines, start) + 1,
            label=labels[kind],
        )
        for start, end, kind in taken
    ]


# ---------------------------------------------------------------------------------------
# The check write functions call
# ---------------------------------------------------------------------------------------


class PrivacyCheckRequired(ActionError):
    """The text seems to contain a client's personal data and the author has not confirmed.

    An ActionError (a ValidationError), so every write path that shows ActionErrors (form,
    API, socket) shows this warning too; ``code`` tells them to offer the confirmation."""

    code_name = "privacy_check_required"

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__(describe(findings), code=self.code_name)


def describe(findings: list[Finding]) -> str:
    parts = [
        (
            gettext("the title: %(label)s (%(masked)s)")
            if f.line == TITLE_LINE
            else gettext("line %(line)s: %(label)s (%(masked)s)")
        )
        % {"line": f.line, "label": KIND_LABELS[f.kind], "masked": f.masked}
        for f in findings
    ]
    return gettext(
        "Your text seems to contain personal data of a client: %(found)s. Remove it, or "
        "confirm that it may be posted."
    ) % {"found": "; ".join(parts)}


# The line of a finding in a thread's title (the body's lines count from 1).
TITLE_LINE = 0


def scan_shown(text: str) -> list[Finding]:
    """``scan`` of the text as readers will see it: Markdown passes character references
    through, so "BSN &#49;11222333" or "j.jansen&#64;gmail.com" show a BSN and an e-mail
    address; they are resolved before scanning (the offsets are those of that text)."""
    return scan(html.unescape(text) if "&" in text else text)


def check_text(text: str, *, confirmed: bool, title: str = "") -> list[dict]:
    """The findings to store with a post (and the title of the thread it starts, whose
    findings have line 0); raises PrivacyCheckRequired if unconfirmed."""
    findings = [replace(f, line=TITLE_LINE) for f in scan_shown(title)] + scan_shown(text)
    if findings and not confirmed:
        raise PrivacyCheckRequired(findings)
    return [f.as_dict() for f in findings]
