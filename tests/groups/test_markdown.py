"""Post Markdown: hostile input renders harmlessly and in bounded time."""

import time
from html.parser import HTMLParser

import pytest

from groups.markdown import mentioned_names, render


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript&colon;alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:image/png;base64,AAAA)",
        "![x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><circle/></svg>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil.example>",
        "[x](<javascript:alert(1)>)",
        '<https://example.org/" onmouseover="alert(1)>',
        "[ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_hostile_markdown_is_neutralised(hostile):
    tags = _tags(render(hostile))
    allowed = {"p", "a", "img", "strong", "em", "code", "pre", "blockquote", "br"}
    assert {tag for tag, _attrs in tags} <= allowed
    for _tag, attrs in tags:
        for name, value in attrs:
            assert not name.startswith("on")
            if name in {"href", "src"}:
                assert (
                    value.split(":")[0].lower() in {"http", "https", "mailto"} or ":" not in value
                )


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _tags(html):
    collector = _Collector()
    collector.feed(html)
    return collector.tags


def test_links_get_rel_nofollow_ugc_noopener():
    html = render("Zie https://www.rijksoverheid.nl en [de regeling](https://example.org)")
    assert html.count('rel="nofollow ugc noopener"') == 2


def test_ordinary_markdown_survives():
    html = render("**vet** _schuin_\n\n> citaat\n\n- een\n- twee\n\n`code`")
    for tag in ("<strong>", "<em>", "<blockquote>", "<ul>", "<code>"):
        assert tag in html


def test_nested_quotes_ten_thousand_deep_render_quickly():
    started = time.perf_counter()
    html = render(">" * 10000 + " diep")
    nested = "\n".join(">" * depth + " regel" for depth in range(1, 3000))
    html += render(nested)
    assert time.perf_counter() - started < 3
    assert html.count("<blockquote>") < 10000


def test_mentions_are_found_once():
    assert mentioned_names("@[Anouk de Vries] en @[Anouk  de Vries] en @[Bram]") == [
        "Anouk de Vries",
        "Bram",
    ]
