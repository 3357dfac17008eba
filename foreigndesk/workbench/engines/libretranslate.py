"""LibreTranslate (https://libretranslate.com), usually self-hosted: the text stays with the desk.

``POST {url}/translate`` with ``{"q": [...], "source", "target", "format": "text", "api_key"}``
answers ``{"translatedText": [...]}``; errors are ``{"error": "..."}`` with 400 (a bad request or
an unsupported language), 403 (a wrong or missing key), 429 (too many requests) or 500.
``GET {url}/languages`` lists the languages and, for each, the languages it translates into.
"""

from __future__ import annotations

from typing import Any

from .base import (
    BadResponse,
    Engine,
    EngineError,
    KeyRefused,
    RateLimited,
    RequestRefused,
    ServiceFailed,
    UnsupportedLanguage,
)
from .http import Answer, error_text, expect_json, request_json


class LibreTranslate(Engine):
    """A LibreTranslate server at ``url``.

    Options: ``url`` (required), ``api_key`` (when the server asks for one), ``timeout`` in
    seconds, ``third_party`` (true when the server is someone else's, such as libretranslate.com),
    ``batch_size`` (the server's ``--batch-limit``), ``codes`` (BCP 47 tag to the server's code,
    where they differ), ``label``.
    """

    name = "LibreTranslate"
    option_defaults = {
        **Engine.option_defaults,
        "url": Engine.REQUIRED,
        "api_key": "",
        "third_party": False,
        "batch_size": 50,
        "codes": {},
    }

    def __init__(self, alias: str, options: dict[str, Any]) -> None:
        super().__init__(alias, options)
        self.url = str(self.options["url"]).rstrip("/")
        self.api_key = str(self.options["api_key"] or "")
        self.sends_text_to_third_party = bool(self.options["third_party"])
        self.batch_size = int(self.options["batch_size"])
        self.codes = {str(tag).lower(): str(code) for tag, code in self.options["codes"].items()}
        self._pairs: dict[str, set[str]] | None = None

    def code(self, tag: str) -> str:
        """The server's code for a BCP 47 tag: ``codes`` if listed there, else the language
        subtag (``pt-BR`` is ``pt``)."""
        return self.codes.get(tag.lower()) or tag.split("-")[0].lower()

    def supports(self, source: str, target: str) -> bool:
        if self._pairs is None:
            answer = request_json(self.label, "GET", f"{self.url}/languages", timeout=self.timeout)
            self._raise_for(answer)
            self._pairs = self._read_languages(expect_json(self.label, answer))
        return self.code(target) in self._pairs.get(self.code(source), set())

    def _read_languages(self, data: Any) -> dict[str, set[str]]:
        try:
            return {
                str(entry["code"]): {str(code) for code in entry.get("targets", [])}
                for entry in data
            }
        except (TypeError, KeyError, AttributeError) as error:
            raise BadResponse(self.label, "the list of languages is not as documented.") from error

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        payload: dict[str, Any] = {
            "q": texts,
            "source": self.code(source),
            "target": self.code(target),
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = request_json(
            self.label, "POST", f"{self.url}/translate", payload=payload, timeout=self.timeout
        )
        self._raise_for(answer, source=source, target=target)
        data = expect_json(self.label, answer)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise BadResponse(self.label, "the answer has no list of translated texts.")
        return translated

    def _raise_for(self, answer: Answer, *, source: str = "", target: str = "") -> None:
        if answer.ok:
            return
        said = error_text(answer, "error")
        error: EngineError
        if answer.status == 400 and "not supported" in said.lower():
            error = UnsupportedLanguage(
                self.label, f"does not translate from {source} into {target} ({said})."
            )
        elif answer.status == 400:
            error = RequestRefused(self.label, f"refused the request ({said}).")
        elif answer.status == 403:
            problem = "refused the API key" if self.api_key else "asks for an API key; none is set"
            error = KeyRefused(self.label, f"{problem} ({said}).")
        elif answer.status == 429:
            error = RateLimited(
                self.label, f"asks for fewer requests ({said}); try again in a minute."
            )
        elif answer.status >= 500:
            error = ServiceFailed(self.label, f"failed on its side ({said}).")
        else:
            error = BadResponse(self.label, f"answered with an unexpected status ({said}).")
        raise error
