"""Post Markdown (issue 12, items 14-16): mentions only in text nodes; mixed-script
IDN hosts shown as punycode; no third-party images fetched by readers' browsers."""

import pytest

from groups import actions as forum
from groups.markdown import mentioned_names, render
from groups.models import PostMention

MENTIONS = {"Dirk Lezer": "/leden/3/"}


@pytest.mark.parametrize(
    "text",
    [
        '[klik](https://evil.example "@[Dirk Lezer]")',
        "![@[Dirk Lezer]](/media/x.png)",
        "[@[Dirk Lezer]](https://evil.example)",
        "`@[Dirk Lezer]`",
    ],
)
def test_a_mention_outside_text_is_neither_linked_nor_notified(text):
    html = render(text, mentions=MENTIONS)
    assert 'href="/leden/3/"' not in html
    assert '"@' not in html.replace('"@[Dirk Lezer]"', "")  # no attribute broken open
    assert mentioned_names(text) == []


def test_a_mention_in_text_still_links_and_notifies():
    html = render("Vraag aan *@[Dirk Lezer]*: herken je dit?", mentions=MENTIONS)
    assert '<em><a href="/leden/3/" rel="nofollow ugc noopener">@Dirk Lezer</a></em>' in html
    assert mentioned_names("Vraag aan @[Dirk Lezer]") == ["Dirk Lezer"]


@pytest.mark.django_db
def test_a_mention_in_a_link_title_notifies_nobody(thread, author, reader):
    post = forum.reply(
        member=author, thread=thread, body='[klik](https://evil.example "@[Dirk Lezer]")'
    )
    assert not PostMention.objects.filter(post=post).exists()
    assert 'title="@[Dirk Lezer]"' in post.body_html


def test_a_mixed_script_host_is_shown_as_punycode():
    html = render("Zie http://аpple.com en http://bücher.de")  # Cyrillic а
    assert ">http://xn--pple-43d.com</a>" in html
    assert "аpple" not in html
    assert ">http://bücher.de</a>" in html  # one script: readable as typed


def test_third_party_images_become_links_and_own_images_stay():
    html = render("![grafiek](http://evil.example/x.png) ![logo](/media/logo.png)")
    assert "evil.example/x.png" in html
    assert '<img src="http://evil.example' not in html
    assert '<a href="http://evil.example/x.png" rel="nofollow ugc noopener">grafiek</a>' in html
    assert '<img src="/media/logo.png" alt="logo">' in html
    assert "<img" not in render("![x](//evil.example/x.png)")
