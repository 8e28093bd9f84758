"""Seed the six domains of the social domain; the bureau can edit them afterwards."""

from django.db import migrations

DOMAINS = [
    ("werk-en-inkomen", "Werk en inkomen", "Participatiewet, bijstand, re-integratie en inkomensondersteuning.", "#1d4f91"),
    ("zorg", "Zorg", "Wmo, maatschappelijke ondersteuning en samenwerking met zorgaanbieders.", "#0b6e4f"),
    ("jeugd", "Jeugd", "Jeugdhulp, jeugdbescherming en het gezin als geheel.", "#8a3b12"),
    ("schuldhulp", "Schuldhulp", "Schuldhulpverlening, vroegsignalering en budgetbeheer.", "#6b2c91"),
    ("armoede", "Armoede", "Armoedebestrijding, minimaregelingen en bestaanszekerheid.", "#a3152f"),
    ("inburgering", "Inburgering", "Inburgering, taal en meedoen voor nieuwkomers.", "#00607a"),
]


def seed(apps, schema_editor):
    Domain = apps.get_model("groups", "Domain")
    for position, (slug, name, description, colour) in enumerate(DOMAINS):
        Domain.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "colour": colour, "position": position},
        )


def unseed(apps, schema_editor):
    apps.get_model("groups", "Domain").objects.filter(slug__in=[d[0] for d in DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
