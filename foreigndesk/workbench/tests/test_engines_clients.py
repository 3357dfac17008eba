"""The LibreTranslate and DeepL clients, through their real HTTP interface, against loopback
servers that speak each API as documented (errors included)."""

from __future__ import annotations

import socket
import time

import pytest

from foreigndesk.testing.mt_servers import FakeDeepL, FakeLibreTranslate
from foreigndesk.workbench.engines import (
    BadResponse,
    Engine,
    EngineTimeout,
    EngineUnreachable,
    KeyRefused,
    QuotaExceeded,
    RateLimited,
    RequestRefused,
    ServiceFailed,
    UnsupportedLanguage,
)
from foreigndesk.workbench.engines.deepl import DeepL
from foreigndesk.workbench.engines.libretranslate import LibreTranslate

RUSSIAN = ["Привет, мир.", "Москва", "Новый абзац о выборах."]


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EngineContract:
    """What every HTTP engine promises; each engine's tests subclass this and say how to start
    its stand-in server and build a client for it."""

    label = ""
    #: The target code the engine sends for "en", as the stand-in marks it.
    english = "en"

    def server(self, **kwargs):
        raise NotImplementedError

    def make(self, url: str, **options) -> Engine:
        raise NotImplementedError

    @pytest.fixture
    def service(self):
        with self.server() as running:
            yield running

    def test_translates_a_batch_in_order(self, service):
        client = self.make(service.url)
        assert client.translate(RUSSIAN, "ru", "en") == [
            "Hello, world.",
            "Moscow",
            f"[ru>{self.english}] Новый абзац о выборах.",
        ]
        assert len(service.requests) == 1

    def test_an_empty_batch_makes_no_request(self, service):
        assert self.make(service.url).translate([], "ru", "en") == []
        assert service.requests == []

    def test_supported_pairs_come_from_the_server(self, service):
        client = self.make(service.url)
        assert client.supports("ru", "en")
        assert client.supports("ru-RU", "en-GB")
        assert not client.supports("ja", "en")
        assert not client.supports("ru", "ja")

    def test_unsupported_language(self, service):
        with pytest.raises(
            UnsupportedLanguage, match=rf"^{self.label}: does not translate from ru into ja \("
        ):
            self.make(service.url).translate(["Москва"], "ru", "ja")

    def test_timeout(self, service):
        service.mode, service.delay = "slow", 2.0
        client = self.make(service.url, timeout=0.3)
        with pytest.raises(
            EngineTimeout,
            match=rf"^{self.label}: http://127\.0\.0\.1:\d+ did not answer within 0\.3 seconds\.$",
        ):
            client.translate(["Москва"], "ru", "en")

    def test_an_answer_that_drips_in_is_cut_off_at_the_timeout(self, service):
        service.mode, service.delay = "trickle", 3.0
        client = self.make(service.url, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(EngineTimeout, match=r"did not answer within 0\.5 seconds\.$"):
            client.translate(["Москва"], "ru", "en")
        assert time.monotonic() - started < 2

    def test_a_redirect_is_not_followed(self, service):
        service.mode = "redirect"
        with pytest.raises(
            BadResponse, match=rf"^{self.label}: answered with an unexpected status \(302 Found\)"
        ):
            self.make(service.url).translate(["Москва"], "ru", "en")

    def test_unreachable(self):
        client = self.make(f"http://127.0.0.1:{closed_port()}", timeout=2)
        with pytest.raises(EngineUnreachable, match=rf"^{self.label}: could not reach http://127"):
            client.translate(["Москва"], "ru", "en")

    def test_not_an_http_address(self):
        client = self.make("ftp://127.0.0.1/")
        with pytest.raises(EngineUnreachable, match="is not an http or https address"):
            client.translate(["Москва"], "ru", "en")

    def test_rate_limited(self, service):
        service.mode = "rate_limited"
        with pytest.raises(RateLimited, match=rf"^{self.label}: .*429.*try again in a minute"):
            self.make(service.url).translate(["Москва"], "ru", "en")

    def test_server_error(self, service):
        service.mode = "server_error"
        with pytest.raises(ServiceFailed, match=rf"^{self.label}: failed on its side"):
            self.make(service.url).translate(["Москва"], "ru", "en")

    def test_malformed_json(self, service):
        service.mode = "malformed"
        with pytest.raises(BadResponse, match=rf"^{self.label}: the answer is not valid JSON"):
            self.make(service.url).translate(["Москва"], "ru", "en")

    def test_a_web_page_instead_of_json(self, service):
        service.mode = "html"
        with pytest.raises(
            BadResponse, match=rf"^{self.label}: the answer is not valid JSON \('<html>"
        ):
            self.make(service.url).translate(["Москва"], "ru", "en")

    def test_wrong_number_of_translations(self, service):
        service.mode = "short"
        with pytest.raises(
            BadResponse,
            match=rf"^{self.label}: sent 3 texts to translate but received 2 translations\.$",
        ):
            self.make(service.url).translate(RUSSIAN, "ru", "en")

    def test_a_long_batch_is_sent_in_chunks(self, service):
        texts = [f"Абзац {number}." for number in range(120)]
        translated = self.make(service.url).translate(texts, "ru", "en")
        assert translated == [f"[ru>{self.english}] {text}" for text in texts]
        assert len(service.requests) == 3


class TestLibreTranslate(EngineContract):
    label = "LibreTranslate"

    def server(self, **kwargs):
        kwargs.setdefault("api_key", "lt-secret")
        return FakeLibreTranslate(**kwargs)

    def make(self, url, **options):
        options.setdefault("api_key", "lt-secret")
        return LibreTranslate("libretranslate", {"url": url, **options})

    def test_sends_the_documented_request(self, service):
        self.make(service.url + "/").translate(["Москва"], "ru-RU", "en-GB")
        [request] = service.requests
        assert (request.method, request.path) == ("POST", "/translate")
        assert request.headers["content-type"].startswith("application/json")
        assert request.body == {
            "q": ["Москва"],
            "source": "ru",
            "target": "en",
            "format": "text",
            "api_key": "lt-secret",
        }

    def test_a_wrong_key_is_refused(self, service):
        with pytest.raises(
            KeyRefused, match=r"^LibreTranslate: refused the API key \(403: Invalid API key\)\.$"
        ):
            self.make(service.url, api_key="wrong").translate(["Москва"], "ru", "en")

    def test_a_missing_key_is_named(self, service):
        with pytest.raises(
            KeyRefused, match=r"^LibreTranslate: asks for an API key; none is set \(403: Please"
        ):
            self.make(service.url, api_key="").translate(["Москва"], "ru", "en")

    def test_a_server_without_keys_gets_none(self):
        with FakeLibreTranslate() as open_server:
            client = LibreTranslate("libre", {"url": open_server.url})
            assert client.translate(["Спасибо."], "ru", "en") == ["Thank you."]
            assert "api_key" not in open_server.requests[0].body

    def test_the_servers_batch_limit_is_an_option(self, service):
        service.batch_limit = 2
        with pytest.raises(
            RequestRefused,
            match=r"^LibreTranslate: refused the request \(400: Invalid request: request "
            r"\(3\) exceeds text limit \(2\)\)\.$",
        ):
            self.make(service.url).translate(RUSSIAN, "ru", "en")
        client = self.make(service.url, batch_size=2)
        assert client.translate(RUSSIAN, "ru", "en")[:2] == ["Hello, world.", "Moscow"]

    def test_codes_that_differ_from_bcp47_are_an_option(self, service):
        client = self.make(service.url, codes={"zh-Hant": "zt"})
        assert client.code("zh-Hant") == "zt"
        assert client.code("pt-BR") == "pt"

    def test_the_text_stays_with_the_desk_unless_said(self):
        assert LibreTranslate("l", {"url": "http://x"}).sends_text_to_third_party is False
        remote = LibreTranslate("l", {"url": "http://x", "third_party": True})
        assert remote.sends_text_to_third_party is True


class TestDeepL(EngineContract):
    label = "DeepL"
    english = "en-us"

    def server(self, **kwargs):
        return FakeDeepL(**kwargs)

    def make(self, url, **options):
        options.setdefault("api_key", "secret-key:fx")
        return DeepL("deepl", {"url": url, **options})

    def test_sends_the_documented_request(self, service):
        self.make(service.url).translate(["Москва"], "ru", "en")
        [request] = service.requests
        assert (request.method, request.path) == ("POST", "/v2/translate")
        assert request.headers["authorization"] == "DeepL-Auth-Key secret-key:fx"
        assert request.body == {"text": ["Москва"], "source_lang": "RU", "target_lang": "EN-US"}

    def test_a_wrong_key_is_refused(self, service):
        with pytest.raises(
            KeyRefused,
            match=r"^DeepL: refused the API key \(403: Wrong endpoint or authorization key\)\.$",
        ):
            self.make(service.url, api_key="stolen").translate(["Москва"], "ru", "en")

    def test_quota_exceeded(self, service):
        service.mode = "quota"
        with pytest.raises(
            QuotaExceeded,
            match=r"^DeepL: the account's quota of characters is used up "
            r"\(456: Quota exceeded\)\.$",
        ):
            self.make(service.url).translate(["Москва"], "ru", "en")

    def test_the_server_error_names_the_status(self, service):
        service.mode = "server_error"
        with pytest.raises(ServiceFailed, match=r"\(503: Service unavailable\)\.$"):
            self.make(service.url).translate(["Москва"], "ru", "en")

    def test_a_wrong_address_is_named(self, service):
        client = self.make(service.url + "/api")
        with pytest.raises(RequestRefused, match=r"^DeepL: has no such address; check the"):
            client.translate(["Москва"], "ru", "en")

    def test_chunks_stay_within_fifty_texts_and_the_byte_limit(self, service):
        client = self.make(service.url)
        long_texts = ["Очень длинный абзац. " * 2000] * 4  # about 80 KB each in UTF-8
        translated = client.translate(long_texts, "ru", "en")
        assert len(translated) == 4
        assert [len(request.body["text"]) for request in service.requests] == [1, 1, 1, 1]
        service.requests.clear()
        client.translate(["Да."] * 101, "ru", "en")
        assert [len(request.body["text"]) for request in service.requests] == [50, 50, 1]

    def test_a_request_over_the_services_limit_is_refused(self, service):
        client = self.make(service.url)
        with pytest.raises(RequestRefused, match=r"^DeepL: found the request too large \(413"):
            client.translate(["Я" * 70_000], "ru", "en")

    @pytest.mark.parametrize(
        ("tag", "code"),
        [
            ("en", "EN-US"),
            ("en-GB", "EN-GB"),
            ("en-US", "EN-US"),
            ("pt", "PT-PT"),
            ("pt-BR", "PT-BR"),
            ("zh", "ZH-HANS"),
            ("zh-Hant", "ZH-HANT"),
            ("zh-TW", "ZH-HANT"),
            ("zh-Hans-CN", "ZH-HANS"),
            ("de", "DE"),
            ("de-AT", "DE"),
            ("ru", "RU"),
        ],
    )
    def test_bcp47_tags_become_deepl_targets(self, tag, code):
        assert DeepL("deepl", {"api_key": "k"}).target_code(tag) == code

    def test_variants_for_bare_tags_are_an_option(self):
        british = DeepL("deepl", {"api_key": "k", "variants": {"en": "en-gb", "pt": "PT-BR"}})
        assert british.target_code("en") == "EN-GB"
        assert british.target_code("pt") == "PT-BR"
        assert british.target_code("en-US") == "EN-US"

    def test_sources_are_languages_without_variants(self):
        assert DeepL.source_code("pt-BR") == "PT"
        assert DeepL.source_code("zh-Hant") == "ZH"

    def test_the_url_follows_the_key(self):
        assert DeepL("d", {"api_key": "abc:fx"}).url == "https://api-free.deepl.com"
        assert DeepL("d", {"api_key": "abc"}).url == "https://api.deepl.com"
        assert DeepL("d", {"api_key": "abc", "url": "https://eu.example/"}).url == (
            "https://eu.example"
        )

    def test_always_a_third_party(self):
        assert DeepL("d", {"api_key": "abc"}).sends_text_to_third_party is True
        assert "third_party" not in DeepL.option_defaults
