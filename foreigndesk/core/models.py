"""Reference data shared by every app: countries and languages."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models


class Country(models.Model):
    """A country, keyed by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(
        "ISO code",
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1.")],
        help_text="Two capital letters, as in ISO 3166-1: DE, FR, JP.",
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language, keyed by its BCP 47 tag, with the direction its script is written in."""

    LTR = "ltr"
    RTL = "rtl"
    DIRECTIONS = [(LTR, "Left to right"), (RTL, "Right to left")]

    code = models.CharField(
        "BCP 47 tag",
        max_length=20,
        primary_key=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "Use a BCP 47 tag such as ru, pt-BR, zh-Hant."
            )
        ],
        help_text="As in BCP 47: ru, de, pt-BR, zh-Hant.",
    )
    name = models.CharField("English name", max_length=100, unique=True)
    native_name = models.CharField(max_length=100, blank=True)
    direction = models.CharField("script direction", max_length=3, choices=DIRECTIONS, default=LTR)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_rtl(self) -> bool:
        return self.direction == self.RTL
