"""Language identifiers: one contract every backend passes, and the loader and its checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.intake.checks import check_intake_settings
from foreigndesk.intake.language import (
    FixedIdentifier,
    LanguageIdentificationError,
    LanguageIdentifier,
    LinguaIdentifier,
    get_identifier,
    identify_language,
)

GERMAN = "Die Landesregierung will ab März drei Nahverkehrslinien nicht mehr bezuschussen."


class IdentifierContract:
    """What every backend promises; each backend's tests subclass this."""

    def make(self) -> LanguageIdentifier:
        raise NotImplementedError

    def test_is_a_language_identifier(self):
        assert isinstance(self.make(), LanguageIdentifier)
        assert self.make().name != "base"

    def test_gives_a_code_or_none(self):
        found = self.make().identify(GERMAN)
        assert found is None or (isinstance(found, str) and 2 <= len(found) <= 20)

    def test_no_letters_gives_none(self):
        assert self.make().identify("1234 5678 — !!!") is None

    def test_empty_text_gives_none(self):
        assert self.make().identify("") is None


class TestLingua(IdentifierContract):
    def make(self):
        return LinguaIdentifier(languages=["de", "en", "fr", "ru", "ja", "ar", "zh", "uk"])

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            (GERMAN, "de"),
            ("Le gouvernement régional veut supprimer trois lignes de train de banlieue.", "fr"),
            ("Правительство области предлагает прекратить субсидировать пригородные поезда.", "ru"),
            ("Уряд області пропонує припинити фінансування приміських поїздів у березні.", "uk"),
            ("瀬戸内海に浮かぶ潮見島で唯一の小学校が、今年度末で閉校することが決まった。", "ja"),
            ("في قرى الأغوار، يبدأ الصيف قبل موعده بشهر. الآبار القديمة جفّت.", "ar"),
        ],
    )
    def test_identifies_supported_languages(self, text, code):
        assert self.make().identify(text) == code

    def test_only_chooses_among_the_configured_languages(self):
        identifier = LinguaIdentifier(languages=["de", "fr"])
        assert identifier.identify("The regional government wants to stop the trains.") in {
            "de",
            "fr",
            None,
        }

    def test_unknown_language_code_is_an_error(self):
        with pytest.raises(LanguageIdentificationError, match="xx"):
            LinguaIdentifier(languages=["de", "xx"]).identify(GERMAN)


class TestFixed(IdentifierContract):
    def make(self):
        return FixedIdentifier(language="de")

    def test_always_the_configured_language(self):
        assert self.make().identify("anything at all") == "de"


def test_default_identifier_is_lingua_restricted_to_supported_languages():
    identifier = get_identifier()
    assert isinstance(identifier, LinguaIdentifier)
    assert "de" in identifier.languages
    assert len(identifier.languages) < 30


def test_backend_is_chosen_by_dotted_path(settings):
    settings.LANGUAGE_IDENTIFIERS = {
        "default": {
            "BACKEND": "foreigndesk.intake.language.FixedIdentifier",
            "OPTIONS": {"language": "pl"},
        }
    }
    assert identify_language("Cokolwiek") == "pl"


def test_the_page_hint_is_used_when_the_text_says_nothing():
    assert identify_language("12 345", hint="ru-RU") == "ru"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"BACKEND": "foreigndesk.intake.language.Nope"}, "cannot load BACKEND"),
        ({"BACKEND": "foreigndesk.intake.extract.Extracted"}, "not a LanguageIdentifier"),
        (
            {"BACKEND": "foreigndesk.intake.language.FixedIdentifier", "OPTIONS": {"lang": "x"}},
            "bad OPTIONS",
        ),
    ],
)
def test_bad_settings_are_named(settings, config, message):
    settings.LANGUAGE_IDENTIFIERS = {"default": config}
    with pytest.raises(ImproperlyConfigured, match=message):
        get_identifier()
    errors = check_intake_settings()
    assert errors
    assert "LANGUAGE_IDENTIFIERS" in errors[0].msg


def test_bad_allowed_networks_are_named_by_the_check(settings):
    settings.FETCH_ALLOWED_NETWORKS = ["localhost"]
    assert any("FETCH_ALLOWED_NETWORKS" in error.msg for error in check_intake_settings())


def test_settings_pass_the_checks():
    assert check_intake_settings() == []
