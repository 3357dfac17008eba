"""What the API reads from the query string and what it answers, as ninja schemas."""

from __future__ import annotations

import datetime
import re
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError, PydanticUseDefault

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.links import absolute_url
from foreigndesk.core.models import Country
from foreigndesk.intake.models import Original, Outlet
from foreigndesk.newsroom.beads import StoredBead, one_to_one
from foreigndesk.newsroom.models import Credit, Topic, Translation

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# Query strings


def unknown_parameter(request: HttpRequest, accepted: list[str]) -> PydanticCustomError | None:
    """The error for the first query parameter of ``request`` not in ``accepted``, if any.

    Refusing unknown names makes a misspelt filter (``?contry=DE``) an error, not a silently
    unfiltered list.
    """
    for name in request.GET:
        if name not in accepted:
            return PydanticCustomError(
                "unknown_parameter",
                "This endpoint has no parameter '{parameter}'; it accepts: {accepted}.",
                {"parameter": name, "accepted": ", ".join(accepted) or "no parameters"},
            )
    return None


class StrictQuery(Schema):
    """Query parameters that refuse names they do not declare.

    A parameter given empty (``?country=``, as a blank form field sends it) counts as not given.
    """

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_names(cls, data: Any, info: ValidationInfo) -> Any:
        request: HttpRequest | None = (info.context or {}).get("request")
        if request is not None:
            accepted = [field.alias or name for name, field in cls.model_fields.items()]
            error = unknown_parameter(request, accepted)
            if error:
                raise error
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_not_given(cls, value: Any) -> Any:
        if value == "":
            raise PydanticUseDefault
        if isinstance(value, str) and "\x00" in value:
            # PostgreSQL refuses NUL in text; refuse it here so it never reaches a query.
            raise PydanticCustomError("nul_character", "Must not contain a NUL character.")
        return value


class PageQuery(StrictQuery):
    """Which page of a list to return, and how long pages are."""

    page: int = Field(1, ge=1, description="The page to return, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page, 1 to {MAX_PAGE_SIZE}.",
    )


# Filter values longer than any code, slug or tag are refused rather than looked up.
COUNTRY_FIELD: Any = Field(
    None, max_length=100, description="ISO 3166 code of the outlet's country (DE)."
)
OUTLET_FIELD: Any = Field(None, max_length=200, description="Slug of the outlet.")
TOPIC_FIELD: Any = Field(None, max_length=100, description="Slug of a topic.")
LANGUAGE_FIELD: Any = Field(
    None, max_length=100, description="BCP 47 tag of the original's language (ru)."
)


class TranslationQuery(PageQuery):
    """Filters of the translation list; each narrows it, and they combine."""

    country: str | None = COUNTRY_FIELD
    outlet: str | None = OUTLET_FIELD
    topic: str | None = TOPIC_FIELD
    language: str | None = LANGUAGE_FIELD
    published_after: datetime.date | None = Field(
        None, description="Published on or after this date (YYYY-MM-DD, the desk's time zone)."
    )
    published_before: datetime.date | None = Field(
        None, description="Published on or before this date (YYYY-MM-DD, the desk's time zone)."
    )

    @field_validator("published_after", "published_before", mode="before")
    @classmethod
    def _iso_date_only(cls, value: Any) -> Any:
        """Only YYYY-MM-DD: pydantic alone would also take timestamps and datetimes."""
        if isinstance(value, str) and value:  # blank is left to StrictQuery: not given
            try:
                if not _ISO_DATE.fullmatch(value):
                    raise ValueError(value)
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise PydanticCustomError(
                    "date_format",
                    "'{value}' is not a date; write it YYYY-MM-DD, as in 2026-11-02.",
                    {"value": value},
                ) from None
        return value


# Answers


class ErrorDetail(Schema):
    parameter: str | None = Field(description="The parameter at fault, when there is one.")
    message: str


class ErrorOut(Schema):
    """Every refusal: 400 for bad input, 404 for nothing at that slug or page."""

    error: ErrorDetail


class PageOut(Schema):
    count: int = Field(description="Items in the whole list, over all pages.")
    page: int
    page_size: int
    next: str | None = Field(description="Absolute URL of the next page, or null on the last.")
    previous: str | None = Field(description="Absolute URL of the previous page, or null.")


class CountryRef(Schema):
    code: str
    name: str


class NamedRef(Schema):
    slug: str
    name: str


class LanguageRef(Schema):
    code: str = Field(description="BCP 47 tag.")
    name: str
    direction: Literal["ltr", "rtl"] = Field(description="Direction of the script.")


class BlockOut(Schema):
    kind: Literal["heading", "paragraph", "quotation"]
    text: str


class BeadOut(Schema):
    """Original blocks against translation blocks (0-based ids); one side empty marks a gap."""

    original: list[int]
    translation: list[int]
    moved: bool = False


class CorrectionOut(Schema):
    published_at: datetime.datetime
    text: str


def _credited(translation: Translation, role: str) -> list[Any]:
    return [credit.contributor for credit in translation.credits.all() if credit.role == role]


class OriginalSummary(Schema):
    title: str
    language: LanguageRef
    url: str = Field(description="Where the outlet published it; may be empty.")
    published_on: datetime.date | None
    authors: list[str]
    authors_romanized: list[str] = Field(
        description="For each of `authors`, in the same order, its romanised form for English "
        "readers when the name is written in another script; empty otherwise."
    )

    @staticmethod
    def resolve_authors(original: Original) -> list[str]:
        return [byline.author.name for byline in original.bylines.all()]

    @staticmethod
    def resolve_authors_romanized(original: Original) -> list[str]:
        return [byline.author.romanized for byline in original.bylines.all()]


class OriginalDetail(OriginalSummary):
    blocks: list[BlockOut]


class TranslationSummary(Schema):
    """A published translation as lists show it: everything but the texts."""

    id: int
    slug: str
    url: str = Field(description="Absolute URL of the article page.")
    kind: Literal["translation", "link"] = Field(
        description="'link': a link post, with a title and summary (standfirst) in English and "
        "the original's address, but no translated text."
    )
    title: str
    standfirst: str
    editor_note: str
    published_at: datetime.datetime
    language: LanguageRef
    country: CountryRef | None = Field(description="The outlet's country.")
    outlet: NamedRef | None
    topics: list[NamedRef]
    translators: list[NamedRef]
    editors: list[NamedRef]
    original: OriginalSummary | None

    @staticmethod
    def resolve_url(translation: Translation, context: dict[str, Any]) -> str:
        return absolute_url(context["request"], translation.get_absolute_url())

    @staticmethod
    def resolve_outlet(translation: Translation) -> Outlet | None:
        return translation.original.outlet if translation.original else None

    @staticmethod
    def resolve_country(translation: Translation) -> Country | None:
        outlet = translation.original.outlet if translation.original else None
        return outlet.country if outlet else None

    @staticmethod
    def resolve_topics(translation: Translation) -> list[Topic]:
        return list(translation.topics.all())

    @staticmethod
    def resolve_translators(translation: Translation) -> list[Contributor]:
        return _credited(translation, Credit.Role.TRANSLATOR)

    @staticmethod
    def resolve_editors(translation: Translation) -> list[Contributor]:
        return _credited(translation, Credit.Role.EDITOR)


class TranslationDetail(TranslationSummary):
    """A published translation with both texts, the alignment between them and corrections."""

    blocks: list[BlockOut]
    alignment: list[BeadOut] = Field(
        description="Stored beads; block against block when none was stored (alignment_origin "
        "'assumed')."
    )
    alignment_origin: Literal["assumed", "computed", "imported", "manual", "segments"]
    corrections: list[CorrectionOut]
    original: OriginalDetail | None

    @staticmethod
    def resolve_alignment(translation: Translation) -> list[StoredBead]:
        if translation.bead_list:
            return translation.bead_list
        n_original = len(translation.original.block_list) if translation.original else 0
        return one_to_one(n_original, len(translation.block_list))


class TranslationPage(PageOut):
    results: list[TranslationSummary]


class OutletOut(Schema):
    slug: str
    name: str
    country: CountryRef | None
    languages: list[LanguageRef]
    domains: list[str]
    profile: str
    published_count: int = Field(description="Published translations of its articles.")

    @staticmethod
    def resolve_domains(outlet: Outlet) -> list[str]:
        return [row.domain for row in outlet.domains.all()]


class OutletPage(PageOut):
    results: list[OutletOut]


class CountryOut(Schema):
    code: str
    name: str
    slug: str
    published_count: int = Field(description="Published translations from its outlets.")


class CountryPage(PageOut):
    results: list[CountryOut]


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    published_count: int


class TopicPage(PageOut):
    results: list[TopicOut]


class ContributorOut(Schema):
    slug: str
    name: str
    bio: str
    translated_count: int = Field(description="Published translations credited as translator.")
    edited_count: int = Field(description="Published translations credited as editor.")


class ContributorPage(PageOut):
    results: list[ContributorOut]
