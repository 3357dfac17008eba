"""gunicorn as the README runs it: a departing worker writes its tally of reads; a new one\nsets what it loaded apart from the garbage collector."""

from __future__ import annotations

import pytest

from foreigndesk import serving
from foreigndesk.reader import hits
from foreigndesk.reader.models import DailyViews
from foreigndesk.testing import factories


@pytest.mark.django_db
def test_a_departing_worker_writes_its_tally():
    translation = factories.translation(title="Counted")
    hits.tally.flush()
    for _ in range(3):
        hits.tally.add(translation.pk)
    serving.worker_exit(server=None, worker=None)
    assert DailyViews.objects.get(translation=translation).views == 3
    assert hits.tally.pending() == 0


def test_a_worker_sets_what_it_loaded_apart_from_the_garbage_collector():
    import gc

    loaded = [object() for _ in range(100)]
    try:
        serving.post_worker_init(worker=None)
        # Frozen objects leave the generations a full collection walks.
        assert gc.get_freeze_count() >= len(loaded)
    finally:
        gc.unfreeze()
