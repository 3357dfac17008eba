"""The desks the backup tests snapshot, run in a process of their own against the database of
``DATABASE_URL`` (``python -m foreigndesk.core.tests.backup_desk build|dump|write-and-back-up``).

The tests back up and restore through the real commands into scratch databases, so each step
runs in a separate process with its own database settings rather than inside the suite's test
database.
"""

from __future__ import annotations

import datetime
import json
import sys
import threading
from pathlib import Path
from typing import Any

import django

#: Rows written in pairs (one topic and one author per transaction) while a backup runs.
PAIR_TABLES = ("newsroom_topic", "intake_author")
PASSWORD = "correct horse battery staple"


def build() -> None:
    """A desk with a record of every kind: people in roles with passwords, articles with
    credits, topics, corrections, read counts, an import's history, and work taken through the
    newsroom's moves (audit events, revisions, comments)."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Permission
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from foreigndesk.intake.actions import store_signature
    from foreigndesk.intake.models import ImportRequest, Original, OutletDomain
    from foreigndesk.newsroom import transitions
    from foreigndesk.newsroom.editing import add_comment, save_translation_text
    from foreigndesk.reader.models import DailyViews, RelatedArticle
    from foreigndesk.testing import factories

    with transaction.atomic():
        factories.language("en")
        translator = factories.translator("tina", full_name="Tina Ross")
        editor = factories.editor("edna", full_name="Edna Hale", contributor_profile=True)
        admin = factories.user("ada", role="admin", full_name="Ada Brook")
        for person in (translator, editor, admin):
            person.set_password(PASSWORD)
            person.save()
        translator.contributor.bio = "Translates from German and Russian."
        translator.contributor.save()

        published = factories.full_article(editor_note="The original ran in print first.")
        topic = published.topics.get()
        topic.description = "Power, grids and prices."
        topic.save()
        outlet = published.original.outlet
        outlet.languages.add(factories.language("de"), factories.language("fr"))
        OutletDomain.objects.create(outlet=outlet, domain="abendpost.example")
        today = datetime.date(2026, 11, 20)
        for days in range(3):
            DailyViews.objects.create(
                translation=published, day=today - datetime.timedelta(days=days), views=10 + days
            )
        transitions.correct(
            actor=editor, translation=published, text="The date was wrong.", block_index=0
        )

        suggested = factories.original(
            title="Die Fähre fährt wieder", outlet_obj=outlet, authors=["Anna Keller"]
        )
        Original.objects.filter(pk=suggested.pk).update(state=Original.State.SUGGESTED)
        suggested.refresh_from_db()
        ImportRequest.objects.create(
            requested_by=editor,
            kind=ImportRequest.Kind.URL,
            url="https://zeitung.example/faehre",
            status=ImportRequest.Status.DONE,
            message="Imported.",
            original=suggested,
        )
        work = transitions.accept(actor=editor, original=suggested, reason="Readers ask for it.")
        work = transitions.claim(actor=translator, translation=work)
        work = save_translation_text(
            actor=translator,
            translation=work,
            expected_revision=work.revision,
            title="The ferry runs again",
            blocks=[{"kind": "paragraph", "text": "The ferry runs again from Monday."}],
        )
        add_comment(actor=editor, translation=work, text="Which Monday?", block_index=0)
        transitions.submit(actor=translator, translation=work, comment="Done.")

        # What the rest of the site keeps: near-duplicate signatures, the admin's log, a
        # session, a permission given to one person.
        store_signature(suggested)
        LogEntry.objects.log_actions(
            user_id=admin.pk, queryset=[topic], action_flag=CHANGE, change_message="Described."
        )
        session = SessionStore()
        session["_auth_user_id"] = str(editor.pk)
        session.create()
        admin.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    # After the commit, whose tasks recompute the related articles.
    RelatedArticle.objects.create(translation=published, related=work, score=0.5, rank=9)


def dump() -> None:
    """Every model's rows (and every many-to-many table's), ordered by primary key, as JSON;
    then the rows of every table as the backup counts them."""
    from django.apps import apps

    from foreigndesk.core.backup import backup_for

    tables = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._base_manager.order_by("pk").values_list()
        tables[model._meta.db_table] = [list(row) for row in rows]
    counts = backup_for().row_counts()
    json.dump({"rows": tables, "counts": counts}, sys.stdout, default=str, sort_keys=True)


def add_topic() -> None:
    """Create one more topic and print its id: a restored database goes on numbering rows."""
    from foreigndesk.newsroom.models import Topic

    print(Topic.objects.create(name="After the restore", slug="after-the-restore").pk)


def write_and_back_up(target: str) -> None:
    """Back up into ``target`` while another thread writes pairs of rows, one pair per
    transaction; print how many pairs were written before and after the backup."""
    from django.db import connection, transaction

    from foreigndesk.core.backup import create_backup
    from foreigndesk.intake.models import Author
    from foreigndesk.newsroom.models import Topic

    stop = threading.Event()
    written = [0]
    started = threading.Event()

    def write() -> None:
        try:
            while not stop.is_set():
                number = written[0] + 1
                with transaction.atomic():
                    Topic.objects.create(name=f"Topic {number}", slug=f"topic-{number}")
                    Author.objects.create(name=f"Writer {number}")
                written[0] = number
                if number >= 20:
                    started.set()
        finally:
            started.set()
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    started.wait(timeout=60)
    before = written[0]
    try:
        create_backup(Path(target))
        after = written[0]
        # Let the writer go on a little after the backup, so it ran all through it.
        while written[0] < after + 5 and writer.is_alive():
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    json.dump({"before": before, "after": after, "total": written[0]}, sys.stdout)


def main(argv: list[str]) -> None:
    django.setup()
    command, *arguments = argv
    commands: dict[str, Any] = {
        "build": build,
        "dump": dump,
        "add-topic": add_topic,
        "write-and-back-up": write_and_back_up,
    }
    commands[command](*arguments)


if __name__ == "__main__":
    main(sys.argv[1:])
