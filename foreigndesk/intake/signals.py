"""What intake announces, after commit, to the apps above it (the desk's search listens)."""

from django.dispatch import Signal

#: An original came into the desk or its text changed. Arguments: ``original_id``.
original_changed = Signal()
