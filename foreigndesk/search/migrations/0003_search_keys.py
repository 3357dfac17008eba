"""PostgreSQL: a second vector of search keys, which the GIN index covers instead of the text.

``keys`` holds every word of the entry once (no positions); each pair of adjacent words as one
key (``'civil society'``), so that a phrase is looked up, not checked article by article; the
entry's facet values (``'#c:UA'``, ``'#l:uk'``, ``'#y:2026'``, ``'#o:12'``, ``'#t:3'``), so that a
filter narrows the search inside the index; and sample keys (``'#s4'`` when the entry id is a
multiple of 4, up to 64), on which a broad search counts its facets. An article too long for
its pairs to fit in a vector (1 MB) is marked ``'#long'`` instead, and phrase queries look at the
articles so marked too. No word the text parsers make holds ``#``. The positional ``document`` stays, for checking phrases and for ranking.
SQLite needs none of this (FTS5 keeps positions in its index).
"""

from django.db import migrations

KEYS_FUNCTION = """
CREATE OR REPLACE FUNCTION foreigndesk_search_keys(
  document tsvector, entry search_searchentry
) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  words tsvector := strip(COALESCE(document, ''::tsvector));
  pairs text[];
BEGIN
  SELECT array_agg(DISTINCT a.lexeme || ' ' || b.lexeme) INTO pairs
  FROM (SELECT t.lexeme, p FROM unnest(document) AS t, unnest(t.positions) AS p) AS a
  JOIN (SELECT t.lexeme, p FROM unnest(document) AS t, unnest(t.positions) AS p) AS b
    ON b.p = a.p + 1;
  -- A vector holds at most 1 MB: a text too long for its pairs gets '#long' instead, and a
  -- phrase query also looks at the entries marked so (then checks their text).
  IF pg_column_size(words)
     + COALESCE((SELECT sum(octet_length(pair) + 8) FROM unnest(pairs) AS pair), 0) > 900000
  THEN
    pairs := ARRAY['#long'];
  END IF;
  RETURN words
    || array_to_tsvector(array_remove(ARRAY[
      '#c:' || entry.country_id, '#l:' || entry.language_id,
      '#o:' || entry.outlet_id, '#y:' || entry.year
    ], NULL))
    || COALESCE((
      SELECT array_to_tsvector(array_agg('#t:' || topic))
      FROM jsonb_array_elements_text(entry.topics) AS topic
    ), ''::tsvector)
    || COALESCE((
      SELECT array_to_tsvector(array_agg('#s' || step))
      FROM unnest(ARRAY[2, 4, 8, 16, 32, 64]) AS step WHERE mod(entry.id, step) = 0
    ), ''::tsvector)
    || COALESCE(array_to_tsvector(pairs), ''::tsvector);
END
$$
"""
POSTGRES_FORWARD = [
    KEYS_FUNCTION,
    "ALTER TABLE search_searchentry ADD COLUMN keys tsvector",
    "UPDATE search_searchentry AS e SET keys = foreigndesk_search_keys(e.document, e) "
    "WHERE e.document IS NOT NULL",
    "CREATE INDEX search_searchentry_keys ON search_searchentry USING GIN (keys)",
    "DROP INDEX IF EXISTS search_searchentry_document",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX search_searchentry_document ON search_searchentry USING GIN (document)",
    "DROP INDEX IF EXISTS search_searchentry_keys",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS keys",
    "DROP FUNCTION IF EXISTS foreigndesk_search_keys(tsvector, search_searchentry)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
