"""News list, filters, articles, related articles, guidance versions and the home page."""

from __future__ import annotations

import datetime

import pytest
from wagtail.rich_text import RichText

from groups.models import Visibility
from tests import factories as f
from website.models import ArticlePage, Tag

pytestmark = pytest.mark.django_db


def test_news_list_is_newest_first_and_paginated(client):
    for day in range(12):
        f.make_article(title=f"Bericht dag {day}", date=datetime.date(2021, 1, 1 + day))
    html = client.get("/nieuws/").content.decode()
    assert html.index("Bericht dag 11") < html.index("Bericht dag 10")
    assert "Bericht dag 1<" not in html  # on the second page
    second = client.get("/nieuws/?pagina=2").content.decode()
    assert "Bericht dag 1<" in second and "Pagina 2 van 2" in second


@pytest.mark.parametrize(
    "url",
    ["/nieuws/?pagina=9", "/nieuws/?pagina=abc", "/nieuws/tag/bestaat-niet/",
     "/nieuws/categorie/niets/", "/nieuws/soort/roddel/", "/nieuws/1999/",
     "/nieuws/tag/bestaat-niet/feed/"],
)
def test_unknown_filters_and_page_numbers_are_a_dutch_404(client, url):
    f.make_article(title="Iets")
    response = client.get(url)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_filters_by_tag_category_kind_and_year(client):
    category = f.make_category("Kwaliteit professionals")
    f.make_article(title="Over de Tozo", tags=["Tozo"], date=datetime.date(2020, 5, 1))
    f.make_article(title="Een interview", kind="interview", category=category)
    f.make_article(title="Een column", kind="column", date=datetime.date(2022, 1, 3))
    tag_page = client.get("/nieuws/tag/tozo/").content.decode()
    assert "Over de Tozo" in tag_page and "Een interview" not in tag_page
    category_page = client.get("/nieuws/categorie/kwaliteit-professionals/").content.decode()
    assert "Een interview" in category_page and "Over de Tozo" not in category_page
    kind_page = client.get("/nieuws/soort/column/").content.decode()
    assert "Een column" in kind_page and "Een interview" not in kind_page
    year_page = client.get("/nieuws/2020/").content.decode()
    assert "Over de Tozo" in year_page and "Een column" not in year_page


def test_tags_are_case_insensitive_and_unique():
    first = f.make_tag("Tozo")
    assert f.make_tag("tozo") == first
    assert f.make_tag("  TOZO ") == first
    duplicate = Tag(name="tOZO")
    with pytest.raises(Exception) as excinfo:
        duplicate.full_clean()
    assert "bestaat al" in str(excinfo.value)
    assert Tag.objects.count() == 1


def test_tag_admin_refuses_a_case_variant(client, bureau):
    f.make_tag("Coronacrisis")
    client.force_login(bureau)
    response = client.post("/beheer/snippets/website/tag/add/", {"name": "coronacrisis"})
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    assert Tag.objects.count() == 1


def test_article_shows_kind_date_update_category_tags_authors_and_dialogue(client):
    author = f.make_author("Yusuf Kaya", role="schuldhulpverlener", organisation="Stadsbank")
    article = f.make_article(
        title="Schaamte is de drempel",
        kind="interview",
        tags=["Schuldhulp", "Coronacrisis"],
        authors=[author],
        category=f.make_category(),
        date=datetime.date(2021, 4, 2),
        updated_on=datetime.date(2021, 4, 9),
        body=[
            ("paragraph", RichText("<p>Een alinea.</p>")),
            ("interview_turn", {"speaker": "Ruben", "text": "Wat zie je?", "is_interviewer": True}),
            ("interview_turn", {"speaker": "Yusuf", "text": "Nieuwe groepen.", "is_interviewer": False}),
            ("pull_quote", {"quote": "Schaamte is de grootste drempel.", "attribution": "Yusuf"}),
        ],
    )
    html = client.get(article.url).content.decode()
    for expected in ("Interview", "2 april 2021", "bijgewerkt op", "9 april 2021",
                     "Kwaliteit professionals", "Schuldhulp", "Coronacrisis", "Yusuf Kaya",
                     "schuldhulpverlener", "Stadsbank", 'class="interview-turn interview-question"',
                     "Nieuwe groepen.", "Schaamte is de grootste drempel."):
        assert expected in html, expected


def test_think_group_callout_renders_only_public_groups(client):
    public = f.ThinkGroupFactory(name="Tozo en zelfstandigen", visibility=Visibility.OPEN)
    secret = f.ThinkGroupFactory(name="Geheime groep", visibility=Visibility.PRIVATE)
    article = f.make_article(
        body=[
            ("think_group", {"group": public, "text": ""}),
            ("think_group", {"group": secret, "text": ""}),
        ]
    )
    html = client.get(article.url).content.decode()
    assert "Discussieer mee in de denkgroep Tozo en zelfstandigen" in html
    assert "Geheime groep" not in html
    assert secret.slug not in html


def test_article_search_text_is_plain_text_of_intro_and_blocks():
    group = f.ThinkGroupFactory(name="Armoede", visibility=Visibility.OPEN)
    article = f.make_article(
        intro="Inleiding over armoede.",
        body=[
            ("paragraph", RichText("<p>Een <b>vette</b> alinea.</p>")),
            ("interview_turn", {"speaker": "Priya", "text": "Eén plan.", "is_interviewer": False}),
            ("pull_quote", {"quote": "Citaat hier", "attribution": ""}),
            ("think_group", {"group": group, "text": "Praat mee"}),
        ],
    )
    text = ArticlePage.objects.get(pk=article.pk).search_text()
    assert "Inleiding over armoede." in text
    assert "Een vette alinea." in text and "<b>" not in text
    assert "Priya: Eén plan." in text and "Citaat hier" in text and "Praat mee" in text


def test_related_articles_picks_first_then_most_shared_tags():
    old_pick = f.make_article(title="Gekozen", date=datetime.date(2019, 1, 1))
    two_shared = f.make_article(title="Twee tags", tags=["Tozo", "Coronacrisis"])
    one_shared = f.make_article(title="Een tag", tags=["Tozo"], date=datetime.date(2024, 1, 1))
    f.make_article(title="Niets gedeeld", tags=["Jeugd"])
    f.make_article(title="Ook een tag", tags=["Coronacrisis"], date=datetime.date(2020, 1, 1))
    article = f.make_article(title="Hoofd", tags=["Tozo", "Coronacrisis"], related=[old_pick])
    related = ArticlePage.objects.get(pk=article.pk).related_articles()
    assert [a.title for a in related] == ["Gekozen", "Twee tags", "Een tag"]
    assert [t.name for t in related[1].tag_list] == ["Coronacrisis", "Tozo"]
    assert two_shared.pk and one_shared.pk


def test_related_articles_skip_unpublished_and_self(client):
    draft = f.make_article(title="Concept", tags=["Tozo"], live=False)
    article = f.make_article(title="Hoofd", tags=["Tozo"])
    other = f.make_article(title="Buur", tags=["Tozo"])
    html = client.get(article.url).content.decode()
    assert "Gerelateerde artikelen" in html and other.title in html
    assert draft.title not in html


def test_guidance_document_stable_url_serves_the_newest_version(client):
    guidance = f.make_guidance(versions=3)
    response = client.get(guidance.url + "download/")
    assert response.status_code == 302
    assert "versie-3" in response["Location"]
    html = client.get(guidance.url).content.decode()
    assert "Geldende versie: versie 3" in html
    assert html.count("vervangen") == 2  # versions 1 and 2 are marked superseded
    # A 13th version: the same URL now leads to it, and older files stay downloadable.
    from website.models import GuidanceVersion

    GuidanceVersion.objects.create(
        page=guidance, number=13, changes="Definitieve versie.",
        document=f.make_document("Versie 13", name="versie-13.pdf"),
    )
    f.publish(guidance)
    response = client.get(guidance.url + "download/")
    assert "versie-13" in response["Location"]
    old = guidance.versions.get(number=1).document
    assert client.get(old.url).status_code == 200


def test_home_shows_latest_news_public_groups_and_upcoming_events(client):
    from django.utils import timezone

    f.make_article(title="Laatste nieuws", tags=["Algemeen"], category=f.make_category())
    f.make_event(title="Regiobijeenkomst Noord")
    f.ThinkGroupFactory(name="Drukke groep", last_activity_at=timezone.now())
    f.ThinkGroupFactory(name="Stille groep")
    f.ThinkGroupFactory(name="Verborgen groep", visibility=Visibility.PRIVATE,
                        last_activity_at=timezone.now())
    html = client.get("/").content.decode()
    assert "Laatste nieuws" in html and "Algemeen" in html and "Kwaliteit professionals" in html
    assert "Regiobijeenkomst Noord" in html
    assert "Drukke groep" in html
    assert "Verborgen groep" not in html


def test_pages_have_meta_description_open_graph_and_canonical(client, settings):
    settings.SITE_URL = "https://samendenk.example.nl"
    article = f.make_article(title="Meta", intro="Een inleiding die ook de beschrijving is.")
    html = client.get(article.url).content.decode()
    assert '<meta name="description" content="Een inleiding die ook de beschrijving is.">' in html
    assert f'<link rel="canonical" href="https://samendenk.example.nl{article.url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Meta">' in html


def test_sitemap_lists_articles(client):
    article = f.make_article(title="In de sitemap")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert article.slug in response.content.decode()


def test_standard_page_renders_rich_text(client):
    from website.models import StandardPage

    page = StandardPage(title="Beroepscode", slug="beroepscode", body="<h2>Kernwaarden</h2>")
    f.home_page().add_child(instance=page)
    f.publish(page)
    html = client.get("/beroepscode/").content.decode()
    assert "<h2>Kernwaarden</h2>" in html
