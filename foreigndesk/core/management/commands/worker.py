"""``foreigndesk worker``: run the project's background tasks from the database queue."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = (
        "Run the desk's background tasks (imports, related articles, the search index) from the "
        "database queue until stopped."
    )
