"""Search performance (issue #5).

Both vendors: an index for reading matches newest first (the candidate step).
PostgreSQL: the tsvector columns become plain columns the backend fills with
to_tsvector(...) at write time, and the analysed text is no longer stored (nothing read
it back). Rows get about half as wide, which the match, count and rebuild steps feel.
Backwards the generated columns return; run `manage.py search_rebuild` afterwards.
"""

from django.db import migrations, models

POSTGRES_FORWARD = [
    "ALTER TABLE search_document ALTER COLUMN title_vector DROP EXPRESSION",
    "ALTER TABLE search_document ALTER COLUMN search_vector DROP EXPRESSION",
    "UPDATE search_document SET title_terms = '', body_terms = '' "
    "WHERE title_terms <> '' OR body_terms <> ''",
    "ALTER TABLE search_document ALTER COLUMN title_vector SET DEFAULT ''::tsvector",
    "ALTER TABLE search_document ALTER COLUMN search_vector SET DEFAULT ''::tsvector",
    "DROP INDEX IF EXISTS search_document_created",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_title_vector",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS title_vector",
    """ALTER TABLE search_document ADD COLUMN title_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, title_terms)) STORED""",
    """ALTER TABLE search_document ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('dutch'::regconfig, title_terms), 'A')
            || setweight(to_tsvector('dutch'::regconfig, body_terms), 'B')) STORED""",
    "CREATE INDEX search_document_vector ON search_document USING gin (search_vector)",
    "CREATE INDEX search_document_title_vector ON search_document USING gin (title_vector)",
    "CREATE INDEX search_document_created ON search_document (created_at DESC)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_seed_synonyms")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_FORWARD}), _run({"postgresql": POSTGRES_BACKWARD})),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["-created_at", "-id"], name="search_document_newest"),
        ),
    ]
