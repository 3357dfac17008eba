"""The engines' loader, their settings from the environment, and what the base class does for
every engine (options, batches, the count of translations)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.settings.base import machine_translation_engines
from foreigndesk.workbench.engines import (
    BadResponse,
    Engine,
    engine,
    engines,
)
from foreigndesk.workbench.engines.deepl import DeepL
from foreigndesk.workbench.engines.libretranslate import LibreTranslate
from foreigndesk.workbench.system_checks import check_engine_settings

LIBRE = "foreigndesk.workbench.engines.libretranslate.LibreTranslate"
DEEPL = "foreigndesk.workbench.engines.deepl.DeepL"


class Echo(Engine):
    """An engine that answers each text upper-cased, and remembers its requests."""

    name = "Echo"
    sends_text_to_third_party = False
    batch_size = 3
    batch_bytes = 20

    def __init__(self, alias, options):
        super().__init__(alias, options)
        self.batches = []

    def translate_batch(self, texts, source, target):
        self.batches.append(list(texts))
        return [text.upper() for text in texts]


class Forgetful(Echo):
    def translate_batch(self, texts, source, target):
        return super().translate_batch(texts, source, target)[1:]


# --- The loader ---------------------------------------------------------------------------


def test_no_engine_is_configured_by_default():
    assert engines() == {}
    assert machine_translation_engines({}) == {}
    with pytest.raises(ImproperlyConfigured, match="FOREIGNDESK_MT_ENGINES has no 'deepl' entry"):
        engine("deepl")


def test_engines_are_loaded_by_alias_in_order(settings):
    settings.FOREIGNDESK_MT_ENGINES = {
        "libre": {"BACKEND": LIBRE, "OPTIONS": {"url": "http://127.0.0.1:5000/"}},
        "deepl": {"BACKEND": DEEPL, "OPTIONS": {"api_key": "k:fx"}},
    }
    loaded = engines()
    assert list(loaded) == ["libre", "deepl"]
    assert isinstance(loaded["libre"], LibreTranslate)
    assert loaded["libre"].url == "http://127.0.0.1:5000"
    assert loaded["libre"].sends_text_to_third_party is False
    assert isinstance(engine("deepl"), DeepL)
    assert engine("deepl").sends_text_to_third_party is True
    assert check_engine_settings() == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("not a dict", r"FOREIGNDESK_MT_ENGINES\['bad'\] must be a dictionary with a BACKEND"),
        ({}, r"FOREIGNDESK_MT_ENGINES\['bad'\]: cannot load BACKEND None"),
        (
            {"BACKEND": "foreigndesk.workbench.engines.nowhere.Engine"},
            r"cannot load BACKEND 'foreigndesk.workbench.engines.nowhere.Engine'",
        ),
        (
            {"BACKEND": "foreigndesk.intake.language.FixedIdentifier"},
            r"FOREIGNDESK_MT_ENGINES\['bad'\]: .*FixedIdentifier is not a Engine",
        ),
        ({"BACKEND": LIBRE, "OPTIONS": ["url"]}, r"OPTIONS must be a dictionary"),
        ({"BACKEND": LIBRE}, r"\['bad'\]: LibreTranslate needs the option 'url'"),
        (
            {"BACKEND": LIBRE, "OPTIONS": {"url": "http://x", "key": "k"}},
            r"LibreTranslate takes no option 'key'; it takes api_key, batch_size",
        ),
        (
            {"BACKEND": LIBRE, "OPTIONS": {"url": "http://x", "timeout": "soon"}},
            r"timeout must be a number of seconds, not 'soon'",
        ),
        (
            {"BACKEND": LIBRE, "OPTIONS": {"url": "http://x", "timeout": 0}},
            r"timeout must be above zero",
        ),
        (
            {"BACKEND": LIBRE, "OPTIONS": {"url": "http://x", "batch_size": "many"}},
            r"\['bad'\]: bad OPTIONS",
        ),
        ({"BACKEND": DEEPL, "OPTIONS": {"url": "http://x"}}, r"DeepL needs the option 'api_key'"),
        (
            {"BACKEND": DEEPL, "OPTIONS": {"api_key": "k", "variants": "EN-GB"}},
            r"\['bad'\]: bad OPTIONS",
        ),
    ],
)
def test_a_bad_entry_is_refused_with_a_message_naming_it(settings, entry, message):
    settings.FOREIGNDESK_MT_ENGINES = {"bad": entry}
    with pytest.raises(ImproperlyConfigured, match=message):
        engine("bad")
    with pytest.raises(ImproperlyConfigured, match=message):
        engines()
    [error] = check_engine_settings()
    assert error.id == "workbench.E002"
    assert "FOREIGNDESK_MT_ENGINES['bad']" in error.msg


# --- Settings from the environment -----------------------------------------------------------


def test_environment_variables_add_engines():
    configured = machine_translation_engines(
        {
            "FOREIGNDESK_LIBRETRANSLATE_URL": "http://10.0.0.5:5000",
            "FOREIGNDESK_LIBRETRANSLATE_API_KEY": "lt-key",
            "FOREIGNDESK_DEEPL_API_KEY": "deepl-key:fx",
            "FOREIGNDESK_DEEPL_VARIANTS": "en=EN-GB, pt=PT-BR",
            "FOREIGNDESK_MT_TIMEOUT": "7.5",
        }
    )
    assert configured == {
        "libretranslate": {
            "BACKEND": LIBRE,
            "OPTIONS": {
                "url": "http://10.0.0.5:5000",
                "api_key": "lt-key",
                "timeout": 7.5,
                "third_party": False,
            },
        },
        "deepl": {
            "BACKEND": DEEPL,
            "OPTIONS": {
                "api_key": "deepl-key:fx",
                "url": "",
                "timeout": 7.5,
                "variants": {"en": "EN-GB", "pt": "PT-BR"},
            },
        },
    }
    built = DeepL("deepl", configured["deepl"]["OPTIONS"])
    assert built.url == "https://api-free.deepl.com"
    assert built.target_code("en") == "EN-GB"


def test_environment_can_say_a_libretranslate_server_is_someone_elses():
    configured = machine_translation_engines(
        {
            "FOREIGNDESK_LIBRETRANSLATE_URL": "https://libretranslate.com",
            "FOREIGNDESK_LIBRETRANSLATE_THIRD_PARTY": "true",
        }
    )
    options = configured["libretranslate"]["OPTIONS"]
    assert LibreTranslate("libretranslate", options).sends_text_to_third_party is True


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"FOREIGNDESK_MT_TIMEOUT": "soon"}, "FOREIGNDESK_MT_TIMEOUT must be a number"),
        (
            {
                "FOREIGNDESK_LIBRETRANSLATE_URL": "https://libretranslate.com",
                "FOREIGNDESK_LIBRETRANSLATE_THIRD_PARTY": "ture",
            },
            "FOREIGNDESK_LIBRETRANSLATE_THIRD_PARTY must be true or false, not 'ture'",
        ),
        (
            {"FOREIGNDESK_DEEPL_API_KEY": "k", "FOREIGNDESK_DEEPL_VARIANTS": "EN-GB"},
            "FOREIGNDESK_DEEPL_VARIANTS: 'EN-GB' is not language=VARIANT",
        ),
    ],
)
def test_bad_environment_variables_are_refused(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        machine_translation_engines(environ)


# --- What the base class does for every engine -------------------------------------------------


def test_label_names_the_engine_and_tells_entries_apart():
    assert Echo("echo", {}).label == "Echo"
    assert Echo("newsroom-box", {}).label == "Echo (newsroom-box)"
    assert Echo("x", {"label": "The desk's own server"}).label == "The desk's own server"


def test_a_long_batch_goes_in_requests_within_the_count_and_byte_limits():
    echo = Echo("echo", {})
    texts = ["a", "b", "c", "d", "0123456789", "0123456789", "x" * 30, "e"]
    assert echo.translate(texts, "ru", "en") == [text.upper() for text in texts]
    assert echo.batches == [
        ["a", "b", "c"],
        ["d", "0123456789"],
        ["0123456789"],
        ["x" * 30],  # over the byte limit alone: sent alone, the service decides
        ["e"],
    ]


def test_an_empty_batch_makes_no_request():
    echo = Echo("echo", {})
    assert echo.translate([], "ru", "en") == []
    assert echo.batches == []


def test_a_wrong_number_of_translations_is_a_bad_response():
    with pytest.raises(
        BadResponse, match=r"^Echo: sent 3 texts to translate but received 2 translations\.$"
    ):
        Forgetful("echo", {}).translate(["a", "b", "c"], "ru", "en")


def test_the_base_engine_supports_every_pair_and_translates_nothing():
    base = Engine("base", {})
    assert base.supports("ru", "en")
    assert base.sends_text_to_third_party is True  # unless an engine says otherwise
    with pytest.raises(NotImplementedError):
        base.translate(["a"], "ru", "en")
