"""Replace Wagtail's welcome page with the Samendenk home page and point the site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("website.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="website")
    home = HomePage.objects.create(
        title="Samendenk",
        draft_title="Samendenk",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro="<p>Het platform waar professionals in het sociaal domein samen denken, "
        "elkaar vinden en gehoord worden.</p>",
        live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True,
                        site_name="Samendenk")


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
