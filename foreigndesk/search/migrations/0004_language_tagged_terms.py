"""Index terms tagged with the language they were stemmed in (``en:port``, ``it:port``).

SQLite: ``search_fts`` is created again with a tokenizer that keeps the tag's colon inside a token;
an FTS5 table's tokenizer cannot be changed in place, so the new table starts empty. PostgreSQL:
no change of schema; the vectors written before stay until they are rewritten. Either way the
system check ``search.W002`` asks for ``foreigndesk reindex`` until the index is rebuilt.
"""

from django.db import migrations

TAGGED = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, original_title, original_body, "
    "tokenize = 'unicode61 remove_diacritics 2 tokenchars '':''')"
)
UNTAGGED = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, original_title, original_body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)


def _recreate(schema_editor, create):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        schema_editor.execute(create)


def forward(apps, schema_editor):
    _recreate(schema_editor, TAGGED)


def backward(apps, schema_editor):
    _recreate(schema_editor, UNTAGGED)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_keys")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
