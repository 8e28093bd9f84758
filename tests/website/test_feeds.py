"""RSS and Atom feeds: valid XML, newest first, per tag."""

import xml.etree.ElementTree as ET

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content: bytes):
    return ET.fromstring(content)  # noqa: S314 - our own feed, parsed to prove it is valid


def test_news_rss_feed_is_valid_xml_with_every_article(client):
    f.make_article(title="Eerste <bericht> & meer", tags=["Tozo"])
    f.make_article(title="Tweede bericht", tags=["Jeugd"])
    response = client.get("/nieuws/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["Tweede bericht", "Eerste <bericht> & meer"]
    links = [item.findtext("link") for item in root.iter("item")]
    assert all(link.startswith("http") and "/nieuws/" in link for link in links)
    assert root.find("channel/title").text == "Samendenk-nieuws"


def test_tag_feed_only_has_that_tag(client):
    f.make_article(title="Over de Tozo", tags=["Tozo"])
    f.make_article(title="Over jeugd", tags=["Jeugd"])
    root = parse(client.get("/nieuws/tag/tozo/feed/").content)
    assert [i.findtext("title") for i in root.iter("item")] == ["Over de Tozo"]
    assert "Tozo" in root.find("channel/title").text
    categories = [c.text for c in root.iter("category")]
    assert categories == ["Tozo"]


def test_atom_feed_is_valid_xml(client):
    f.make_article(title="Atoombericht")
    root = parse(client.get("/nieuws/atom/").content)
    assert root.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == ["Atoombericht"]


def test_unpublished_articles_are_not_in_the_feed(client):
    f.make_article(title="Concept", live=False)
    root = parse(client.get("/nieuws/feed/").content)
    assert list(root.iter("item")) == []
