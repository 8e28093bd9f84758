"""Seed the synonym list with the abbreviations of the social domain."""

from django.db import migrations

SEED = [
    "Pw, Participatiewet",
    "Wmo, Wet maatschappelijke ondersteuning",
    "Bbz, Besluit bijstandverlening zelfstandigen",
    "Wsnp, Wet schuldsanering natuurlijke personen",
    "Tozo, Tijdelijke overbruggingsregeling zelfstandig ondernemers",
    "IOAW, Inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte werkloze werknemers",
    "Wgs, Wet gemeentelijke schuldhulpverlening",
    "Jw, Jeugdwet",
    "Wi, Wet inburgering",
    "UWV, Uitvoeringsinstituut Werknemersverzekeringen",
    "BKR, Bureau Krediet Registratie",
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms in SEED:
        SynonymGroup.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("search", "SynonymGroup").objects.filter(terms__in=SEED).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fulltext")]
    operations = [migrations.RunPython(seed, unseed)]
