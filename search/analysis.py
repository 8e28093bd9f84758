"""Dutch text analysis shared by the database backends: folding, stop words, stemming,
compound splitting and the bureau's synonym list."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import snowballstemmer

DATA_DIR = Path(__file__).resolve().parent / "data"
COMPOUNDS_FILE = DATA_DIR / "compounds_nl.txt"

# The Snowball Dutch stop list (the same words PostgreSQL's `dutch` configuration and
# Elasticsearch's `_dutch_` list drop), folded.
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "werd",
        "wezen",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
    ]
)

# Linking letters between the parts of a Dutch compound ("bijstand-s-uitkering").
_LINKS = ("", "s", "en", "e")
_MIN_PART = 3
# Endings of an inflected last part: plurals ("eisers", "uitkeringen") and adjectives ("vrije").
_ENDINGS = ("en", "s", "n", "e")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# "dutch_porter" is the classic Snowball Dutch stemmer, the one PostgreSQL's `dutch`
# configuration uses: "schulden" and "schuld" both become "schuld" (the newer "dutch"
# algorithm in snowballstemmer 3 stems "schulden" to "schul").
_stemmer = snowballstemmer.stemmer("dutch_porter")


def fold(text: str) -> str:
    """Lower case without accents: "Één" → "een", "ĳ" → "ij"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of a text, in order (punctuation and markup characters dropped)."""
    return _WORD_RE.findall(fold(text))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def is_stop(word: str) -> bool:
    return word in STOP_WORDS


@functools.cache
def compound_parts_list() -> frozenset[str]:
    lines = COMPOUNDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")
    )


@functools.lru_cache(maxsize=200_000)
def decompound(word: str) -> tuple[str, ...]:
    """The parts of a compound word from the shipped list, or () when it is no compound.

    "bijstandsuitkering" → ("bijstand", "uitkering"); parts may be joined by a linking s, e
    or en, and the last part may be inflected ("schuldeisers" → ("schuld", "eiser")). A word
    only partly made of listed parts still yields the listed head and tail, the way
    Elasticsearch's dictionary_decompounder does: "bewindvoerders" → ("bewind", "voerder").
    """
    parts = compound_parts_list()
    # A listed part itself, or its plural ("werkgevers"), is no compound.
    if len(word) < 2 * _MIN_PART or _last_part(word, parts):
        return ()
    split = _split(word, parts)
    if split and len(split) > 1:
        return tuple(split)
    found = [*list(_heads(word, parts))[:1], *list(_tails(word, parts))[:1]]
    return tuple(dict.fromkeys(found))


def _last_part(tail: str, parts: frozenset[str]) -> str | None:
    """``tail`` as a listed part, allowing the endings of plurals and adjectives."""
    if tail in parts:
        return tail
    for ending in _ENDINGS:
        if tail.endswith(ending) and tail[: -len(ending)] in parts:
            return tail[: -len(ending)]
    return None


def _heads(word: str, parts: frozenset[str]):
    """Listed parts the word starts with, longest first, leaving a tail of a real word."""
    for end in range(len(word) - _MIN_PART, _MIN_PART, -1):
        if word[:end] in parts:
            yield word[:end]


def _tails(word: str, parts: frozenset[str]):
    """Listed parts (maybe inflected) the word ends with, longest first."""
    for start in range(_MIN_PART, len(word) - _MIN_PART):
        part = _last_part(word[start:], parts)
        if part:
            yield part


def _split(word: str, parts: frozenset[str]) -> list[str] | None:
    last = _last_part(word, parts)
    if last:
        return [last]
    # Longest head first, so "schuldhulpverlening" prefers "schuld" + "hulp" + …
    for end in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
        head = word[:end]
        if head not in parts:
            continue
        for link in _LINKS:
            rest = word[end:]
            if not rest.startswith(link):
                continue
            tail = rest[len(link) :]
            if len(tail) < _MIN_PART:
                continue
            tail_split = _split(tail, parts)
            if tail_split:
                return [head, *tail_split]
    return None


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if not is_stop(w)]


def stemmed_terms(text: str) -> str:
    """The pre-analysed text the SQLite FTS5 table stores: stems of the content words in
    order (so phrases keep their positions), then the stems of compound parts."""
    tokens = content_words(text)
    stems = [stem(w) for w in tokens]
    extra = [stem(p) for w in set(tokens) for p in decompound(w)]
    return " ".join(stems) + ("\n" + " ".join(extra) if extra else "")


def expanded_text(text: str) -> str:
    """The folded text PostgreSQL's `dutch` configuration analyses, with compound parts
    appended after the original words (so phrase positions stay intact)."""
    tokens = words(text)
    extra = [p for w in set(tokens) for p in decompound(w)]
    return " ".join(tokens) + ("\n" + " ".join(extra) if extra else "")


def query_stems(word_list: tuple[str, ...]) -> list[str]:
    """Stems of the content words of a query term or phrase (stop words dropped)."""
    return [stem(w) for w in word_list if not is_stop(w)]


def query_parts(word_list: tuple[str, ...]) -> tuple[str, ...]:
    """The parts of a one-word query term that splits wholly into listed parts (a text with
    all of them matches too). Only whole splits: "werkvloer" must not widen to "werk"."""
    if len(word_list) != 1 or is_stop(word_list[0]):
        return ()
    parts = compound_parts_list()
    word = word_list[0]
    if len(word) < 2 * _MIN_PART or _last_part(word, parts):
        return ()
    split = _split(word, parts)
    return tuple(split) if split and len(split) > 1 else ()
