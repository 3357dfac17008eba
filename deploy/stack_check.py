"""What `deploy/stack check` asks of a running stack, through the desk's own actions: a page
published is seen through nginx and Varnish within a second, cached there, and purged when it is
edited; a scheduled article is published exactly once although two workers run the schedule."""

import datetime
import os
import time
import urllib.request

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from foreigndesk.newsroom.actions import translation_changed
from foreigndesk.newsroom.models import AuditEvent, Translation
from foreigndesk.newsroom.page_import import import_page_document
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.tasks import publish_due

SITE = os.environ["FOREIGNDESK_SITE_URL"]


def page(title: str, slug: str, english: list[str], german: list[str]) -> str:
    """A bilingual page as the desk's archive publishes it."""
    paragraphs = "\n".join(f"<p>{text}</p>" for text in english)
    original = "\n".join(f"<p>{text}</p>" for text in german[1:])
    return f"""<html><body><h1>{title}</h1>
<p>Published in <a href="https://stadtbote.example/{slug}">Der Stadtbote</a> (Germany) on 2 December 2026 by Lena Vogt</p>
<p>Translated from German by Sam Reed. Edited by Ada Lind.</p>
{paragraphs}
<h2>{german[0]}</h2>
{original}
</body></html>"""


FERRY = (
    [
        "The town council has approved a second ferry across the river, to run from next spring.",
        "Commuters had waited for more than an hour at the landing stage on busy mornings.",
    ],
    [
        "Die Stadt bekommt eine zweite Fähre über den Fluss",
        "Der Stadtrat hat eine zweite Fähre über den Fluss beschlossen, die ab dem nächsten "
        "Frühjahr fahren soll.",
        "Pendler hatten an vollen Morgen mehr als eine Stunde am Anleger gewartet.",
    ],
)
TIMETABLE = (
    [
        "The new timetable has a crossing every twenty minutes from six in the morning.",
        "On Sundays the last ferry leaves at ten at night, an hour later than before.",
    ],
    [
        "Der neue Fahrplan der Fähre ist da",
        "Der neue Fahrplan sieht ab sechs Uhr morgens alle zwanzig Minuten eine Überfahrt vor.",
        "Sonntags legt die letzte Fähre um zweiundzwanzig Uhr ab, eine Stunde später als bisher.",
    ],
)


def get(path: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(SITE + path, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def until(what: str, check, seconds: float) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise SystemExit(f"stack check failed: {what} (after {seconds} s)")
        time.sleep(0.05)
    return time.monotonic() - started


# 1. Published through the desk's import, seen through nginx → Varnish → gunicorn within a second.
article = import_page_document(
    page("A second ferry for the town", "faehre", *FERRY), publish=True
).translation
took = until(
    "the new article through the stack",
    lambda: "A second ferry for the town" in get(article.public_url)[2],
    1.0,
)
print(f"ok: published article seen through nginx and Varnish after {took:.2f} s")
status, headers, _ = get(article.public_url)
assert headers.get("X-Cache") == "hit", headers
print("ok: served again from Varnish (X-Cache: hit)")

# 2. Edited: the purge task (run by a worker) drops the cached page.
with transaction.atomic():
    article.title = "A second ferry for the town, from spring"
    article.save()
    translation_changed(translation=article)
took = until(
    "the edited title through the stack",
    lambda: "from spring" in get(article.public_url)[2],
    15.0,
)
print(f"ok: the edited article was purged from Varnish and served anew after {took:.2f} s")

# 3. Scheduled: enqueued twice for two workers at once, published exactly once.
editor, _ = get_user_model().objects.get_or_create(username="stack-check-editor")
scheduled = import_page_document(
    page("The ferry timetable is out", "fahrplan", *TIMETABLE), publish=False
).translation
Translation.objects.filter(pk=scheduled.pk).update(
    approved_by=editor, scheduled_at=timezone.now() - datetime.timedelta(seconds=1)
)
publish_due.enqueue()
publish_due.enqueue()
until(
    "the scheduled article published",
    lambda: Translation.objects.get(pk=scheduled.pk).state == State.PUBLISHED,
    30.0,
)
time.sleep(2)
events = AuditEvent.objects.filter(translation=scheduled, action="publish_due").count()
assert events == 1, f"published {events} times"
print("ok: the scheduled article was published exactly once by two workers")
