"""DeepL's API (https://developers.deepl.com): a third party's service, always.

``POST {url}/v2/translate`` with the header ``Authorization: DeepL-Auth-Key KEY`` and
``{"text": [...], "source_lang": "RU", "target_lang": "EN-US"}`` answers
``{"translations": [{"detected_source_language": "RU", "text": "..."}]}``. Errors: 400 bad
request, 403 key refused, 404, 413 request too large, 429 too many requests, 456 quota exceeded,
5xx the service is failing. At most 50 texts and 128 KiB per request.
"""

from __future__ import annotations

from typing import Any

from .base import (
    BadResponse,
    Engine,
    EngineError,
    KeyRefused,
    QuotaExceeded,
    RateLimited,
    RequestRefused,
    ServiceFailed,
    UnsupportedLanguage,
)
from .http import Answer, error_text, expect_json, request_json

FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"

#: The variant a target language without a region or script gets, unless ``variants`` says.
DEFAULT_VARIANTS = {"en": "EN-US", "pt": "PT-PT", "zh": "ZH-HANS"}

#: BCP 47 regions and scripts to DeepL's target variants.
_VARIANTS = {
    "en": {"gb": "EN-GB", "uk": "EN-GB", "us": "EN-US"},
    "pt": {"br": "PT-BR", "pt": "PT-PT"},
    "zh": {
        "hans": "ZH-HANS",
        "cn": "ZH-HANS",
        "sg": "ZH-HANS",
        "hant": "ZH-HANT",
        "tw": "ZH-HANT",
        "hk": "ZH-HANT",
        "mo": "ZH-HANT",
    },
}


class DeepL(Engine):
    """DeepL's API, free or paid by the key.

    Options: ``api_key`` (required), ``url`` (default: the free API for keys ending in ``:fx``,
    else the paid one), ``timeout`` in seconds, ``variants`` (a language to the DeepL variant it
    is translated into when its tag names none, e.g. ``{"en": "EN-GB", "pt": "PT-BR"}``),
    ``label``.
    """

    name = "DeepL"
    sends_text_to_third_party = True
    batch_size = 50
    # DeepL takes 128 KiB per request, JSON and all; the rest is left for quoting and the frame.
    batch_bytes = 100 * 1024
    option_defaults = {
        **Engine.option_defaults,
        "api_key": Engine.REQUIRED,
        "url": "",
        "variants": {},
    }

    def __init__(self, alias: str, options: dict[str, Any]) -> None:
        super().__init__(alias, options)
        self.api_key = str(self.options["api_key"])
        default_url = FREE_URL if self.api_key.endswith(":fx") else PRO_URL
        self.url = str(self.options["url"] or default_url).rstrip("/")
        self.variants = {
            **DEFAULT_VARIANTS,
            **{str(lang).lower(): str(v).upper() for lang, v in self.options["variants"].items()},
        }
        self._languages: dict[str, set[str]] = {}

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.api_key}"}

    @staticmethod
    def source_code(tag: str) -> str:
        """DeepL's source code for a BCP 47 tag: the language alone (sources have no variants)."""
        return tag.split("-")[0].upper()

    def target_code(self, tag: str) -> str:
        """DeepL's target code for a BCP 47 tag: ``en-GB`` is ``EN-GB``, ``zh-Hant`` is
        ``ZH-HANT``, a bare ``en`` the configured variant (``EN-US`` unless set)."""
        language, *rest = tag.lower().split("-")
        for subtag in rest:
            variant = _VARIANTS.get(language, {}).get(subtag)
            if variant:
                return variant
        return self.variants.get(language, language.upper())

    def _listed(self, kind: str) -> set[str]:
        if kind not in self._languages:
            answer = request_json(
                self.label,
                "GET",
                f"{self.url}/v2/languages",
                query={"type": kind},
                headers=self.headers,
                timeout=self.timeout,
            )
            self._raise_for(answer)
            data = expect_json(self.label, answer)
            try:
                self._languages[kind] = {str(entry["language"]).upper() for entry in data}
            except (TypeError, KeyError) as error:
                raise BadResponse(
                    self.label, "the list of languages is not as documented."
                ) from error
        return self._languages[kind]

    def supports(self, source: str, target: str) -> bool:
        targets = self._listed("target")
        # Older lists name ZH alone for simplified Chinese.
        target_code = self.target_code(target)
        return self.source_code(source) in self._listed("source") and (
            target_code in targets or target_code.split("-")[0] in targets
        )

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        payload = {
            "text": texts,
            "source_lang": self.source_code(source),
            "target_lang": self.target_code(target),
        }
        answer = request_json(
            self.label,
            "POST",
            f"{self.url}/v2/translate",
            payload=payload,
            headers=self.headers,
            timeout=self.timeout,
        )
        self._raise_for(answer, source=source, target=target)
        data = expect_json(self.label, answer)
        translations = data.get("translations") if isinstance(data, dict) else None
        texts_back = [
            item.get("text") if isinstance(item, dict) else None
            for item in (translations if isinstance(translations, list) else [None])
        ]
        if not all(isinstance(text, str) for text in texts_back):
            raise BadResponse(self.label, "the answer has no list of translations.")
        return [str(text) for text in texts_back]

    def _raise_for(self, answer: Answer, *, source: str = "", target: str = "") -> None:
        if answer.ok:
            return
        said = error_text(answer, "message", "detail")
        status = answer.status
        error: EngineError
        if status == 400 and "not supported" in said.lower():
            error = UnsupportedLanguage(
                self.label, f"does not translate from {source} into {target} ({said})."
            )
        elif status == 400:
            error = RequestRefused(self.label, f"refused the request ({said}).")
        elif status in (401, 403):
            error = KeyRefused(self.label, f"refused the API key ({said}).")
        elif status == 404:
            error = RequestRefused(
                self.label, f"has no such address; check the engine's URL {self.url} ({said})."
            )
        elif status == 413:
            error = RequestRefused(self.label, f"found the request too large ({said}).")
        elif status == 429:
            error = RateLimited(
                self.label, f"received too many requests ({said}); try again in a minute."
            )
        elif status == 456:
            error = QuotaExceeded(
                self.label, f"the account's quota of characters is used up ({said})."
            )
        elif status >= 500:
            error = ServiceFailed(
                self.label, f"failed on its side or is unavailable for now ({said})."
            )
        else:
            error = BadResponse(self.label, f"answered with an unexpected status ({said}).")
        raise error
