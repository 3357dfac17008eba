"""The desk workflow's states, ordered so that queries read naturally (``state__gte=PUBLISHED``)."""

from django.db import models


class State(models.IntegerChoices):
    SUGGESTED = 10, "Suggested"
    ACCEPTED = 20, "Accepted"
    CLAIMED = 30, "Claimed"
    IN_TRANSLATION = 40, "In translation"
    CHANGES_REQUESTED = 45, "Changes requested"
    IN_REVIEW = 50, "In review"
    APPROVED = 60, "Approved"
    PUBLISHED = 70, "Published"
    CORRECTED = 75, "Corrected"
    WITHDRAWN = 90, "Withdrawn"


#: States in which a translation is visible to readers.
PUBLIC_STATES = (State.PUBLISHED, State.CORRECTED)
