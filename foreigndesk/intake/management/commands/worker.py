"""``foreigndesk worker``: run background tasks (imports) from the database queue."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run the desk's background tasks (imports of URLs and pasted texts) until stopped."
