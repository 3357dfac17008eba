"""What the newsroom announces, after commit, to the apps above it (reader site, search).

The newsroom never calls them: related articles, the search index and the page cache follow
these signals.
"""

from django.dispatch import Signal

#: A translation's text, topics, credits or state changed. Arguments: ``translation_id``.
translation_changed = Signal()

#: Many translations arrived at once (a load of an export). Arguments: ``translation_ids``.
translations_loaded = Signal()
