"""The contract every machine translation engine follows, and the errors it raises.

An engine translates a batch of texts from one language to another. The base class takes care of
what every engine shares: reading and checking its ``OPTIONS``, cutting a long batch into the
requests the service accepts, and checking that as many translations came back as texts went out.
A backend implements :meth:`Engine.translate_batch` for one request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured

#: The setting that lists the engines; named in configuration errors.
SETTING = "FOREIGNDESK_MT_ENGINES"


class EngineError(Exception):
    """A translation request failed; the message names the engine and the problem for a person.

    Subclasses say what kind of failure it was, so that a page can suggest what to do (wait,
    ask the admin for a key, translate by hand).
    """

    def __init__(self, engine: str, problem: str) -> None:
        self.engine = engine
        self.problem = problem
        super().__init__(f"{engine}: {problem}")


class EngineTimeout(EngineError):
    """The engine did not answer in time."""


class EngineUnreachable(EngineError):
    """No connection could be made to the engine (wrong address, service down)."""


class KeyRefused(EngineError):
    """The engine refused the API key (wrong, missing or revoked)."""


class QuotaExceeded(EngineError):
    """The account's quota of characters is used up for this period."""


class RateLimited(EngineError):
    """The engine asks for fewer requests; trying again later may succeed."""


class UnsupportedLanguage(EngineError):
    """The engine does not translate between these two languages."""


class RequestRefused(EngineError):
    """The engine refused the request as malformed or too large."""


class BadResponse(EngineError):
    """The engine answered, but not with what its API promises (malformed, wrong count)."""


class ServiceFailed(EngineError):
    """The engine failed on its side (a 5xx answer)."""


class Engine:
    """Base class of machine translation engines, configured in ``FOREIGNDESK_MT_ENGINES``.

    ``alias`` is the entry's key in the setting, ``options`` its ``OPTIONS``. A subclass lists the
    options it takes in ``option_defaults`` (``REQUIRED`` for those without a default); any other
    option is refused at start-up rather than ignored.
    """

    #: The service's name, as people know it.
    name: ClassVar[str] = "Machine translation"
    #: Whether the texts leave the desk's own machines for someone else's service.
    sends_text_to_third_party: bool = True
    #: Most texts in one request; a longer batch is sent in several requests.
    batch_size: int = 50
    #: Most bytes of text (UTF-8) in one request; 0 for no limit.
    batch_bytes: int = 0
    REQUIRED: ClassVar[object] = object()
    option_defaults: ClassVar[dict[str, Any]] = {"label": "", "timeout": 20.0}

    def __init__(self, alias: str, options: dict[str, Any]) -> None:
        self.alias = alias
        unknown = sorted(set(options) - set(self.option_defaults))
        if unknown:
            raise ImproperlyConfigured(
                f"{SETTING}[{alias!r}]: {self.name} takes no option "
                f"{', '.join(repr(name) for name in unknown)}; it takes "
                f"{', '.join(sorted(self.option_defaults))}."
            )
        missing = [
            name
            for name, default in self.option_defaults.items()
            if default is self.REQUIRED and not options.get(name)
        ]
        if missing:
            raise ImproperlyConfigured(
                f"{SETTING}[{alias!r}]: {self.name} needs the option "
                f"{', '.join(repr(name) for name in missing)}."
            )
        self.options = {**self.option_defaults, **options}
        try:
            self.timeout = float(self.options["timeout"])
        except (TypeError, ValueError) as error:
            raise ImproperlyConfigured(
                f"{SETTING}[{alias!r}]: timeout must be a number of seconds, "
                f"not {self.options['timeout']!r}."
            ) from error
        if self.timeout <= 0:
            raise ImproperlyConfigured(f"{SETTING}[{alias!r}]: timeout must be above zero.")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.alias!r}>"

    @property
    def label(self) -> str:
        """What the workbench calls this engine: the ``label`` option, else its name (and the
        alias, when the alias alone would not tell two entries apart)."""
        if self.options["label"]:
            return str(self.options["label"])
        if self.alias.lower() == self.name.lower():
            return self.name
        return f"{self.name} ({self.alias})"

    def supports(self, source: str, target: str) -> bool:
        """Whether the engine translates from ``source`` to ``target`` (BCP 47 tags).

        The base class knows nothing of the service and says yes; engines that can ask their
        service do. A request for an unsupported pair raises :class:`UnsupportedLanguage`.
        """
        return True

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """The translations of ``texts`` from ``source`` to ``target``, in the same order.

        As many requests as the service's batch limits need; raises an :class:`EngineError`
        (and returns nothing) if any of them fails.
        """
        translated: list[str] = []
        for chunk in self.chunks(texts):
            answer = self.translate_batch(chunk, source, target)
            if len(answer) != len(chunk):
                raise BadResponse(
                    self.label,
                    f"sent {len(chunk)} texts to translate but received {len(answer)} "
                    "translations.",
                )
            translated.extend(answer)
        return translated

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate one request's worth of texts (within ``batch_size`` and ``batch_bytes``)."""
        raise NotImplementedError

    def chunks(self, texts: list[str]) -> Iterator[list[str]]:
        """The texts in consecutive requests, each within the count and byte limits.

        A single text over the byte limit goes alone; the service then says whether it takes it.
        """
        chunk: list[str] = []
        size = 0
        for text in texts:
            length = len(text.encode())
            full = len(chunk) >= self.batch_size
            too_big = bool(self.batch_bytes) and bool(chunk) and size + length > self.batch_bytes
            if full or too_big:
                yield chunk
                chunk, size = [], 0
            chunk.append(text)
            size += length
        if chunk:
            yield chunk
