"""The bureau's starting lists: themes and schemes named in the association's practice."""

from django.db import migrations

THEMES = [
    ("Terugvordering Tozo", "terugvordering-tozo"),
    ("Kostendelersnorm", "kostendelersnorm"),
    ("Termijnen inburgering", "termijnen-inburgering"),
    ("Wachtlijsten jeugdzorg", "wachtlijsten-jeugdzorg"),
]
SCHEMES = [
    "Participatiewet",
    "Tozo",
    "Bbz",
    "Wmo 2015",
    "Jeugdwet",
    "Wsnp",
    "Wet inburgering 2021",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("signals", "Theme")
    Scheme = apps.get_model("signals", "Scheme")
    for name, slug in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "status": "active"})
    for position, name in enumerate(SCHEMES):
        Scheme.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
