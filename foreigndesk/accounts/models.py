"""Public profiles of the desk's staff, as credited on published translations."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Contributor(models.Model):
    """A staff member's public face: the name and biography readers see in credits."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
        help_text="The login behind this profile; a former volunteer may have none.",
    )
    name = models.CharField("public name", max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    bio = models.TextField("short biography", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
