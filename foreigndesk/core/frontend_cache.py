"""Purging a cache tier in front of the site (Varnish, a CDN) when readers' pages change.

Configured like ``CACHES`` in ``FOREIGNDESK_FRONTEND_CACHES``::

    {"varnish": {"BACKEND": "foreigndesk.core.frontend_cache.VarnishBackend",
                 "LOCATION": "http://127.0.0.1:6081"},
     "cdn": {"BACKEND": "foreigndesk.core.frontend_cache.CloudflareBackend",
             "OPTIONS": {"ZONE_ID": "...", "API_TOKEN": "..."}}}

(``FOREIGNDESK_VARNISH_URL`` alone sets up the first.) Amazon CloudFront takes
``"BACKEND": "foreigndesk.core.frontend_cache.CloudFrontBackend"`` with ``DISTRIBUTION_ID`` (one id,
or a mapping of host to id) and needs boto3 (``pip install 'foreigndesk[cloudfront]'``). Each backend purges absolute URLs;
Varnish (with the xkey module, as the shipped VCL has it) and Fastly (with ``SERVICE_ID``) also
purge by surrogate key: every cached page names the page cache's tags it rests on in its
``Surrogate-Key`` header, and retiring a tag purges the pages under its key, whatever their
address (a box that changed, on every page that carries it). A
backend that fails raises :class:`PurgeError`, which the caller logs and retries later: a purge
never fails the save that made it necessary. Core knows no page: the reader site says which URLs
show a changed article.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backends import backend_class, options_of

logger = logging.getLogger(__name__)

SETTING = "FOREIGNDESK_FRONTEND_CACHES"


#: The response header that names a page's surrogate keys (space-separated): Fastly reads it as
#: it is, the shipped VCL hands it to Varnish's xkey module.
SURROGATE_HEADER = "Surrogate-Key"


def surrogate_key(tag: str) -> str:
    """The key a cache tier files pages under for one of the page cache's tags: short, and made
    of characters every tier takes, whatever the tag holds (an address, a name)."""
    return hashlib.blake2b(tag.encode(), digest_size=6).hexdigest()


class PurgeError(Exception):
    """A cache tier did not confirm a purge; the message names it and what it answered."""


class FrontendCache:
    """A cache tier that can be told to drop URLs."""

    #: URLs sent in one request, for the APIs that take several.
    batch_size = 1

    def __init__(self, alias: str, location: str = "", timeout: float = 5.0, **options: Any):
        self.alias = alias
        self.location = location.rstrip("/")
        self.timeout = timeout
        self.options = options
        self.http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False
        )

    #: Whether the tier drops pages by surrogate key (:meth:`purge_keys`); one that cannot has
    #: its pages dropped by URL only.
    purges_keys = False
    #: Keys sent in one request.
    key_batch_size = 100

    def purge_keys(self, keys: list[str]) -> None:
        for start in range(0, len(keys), self.key_batch_size):
            self.purge_keys_batch(keys[start : start + self.key_batch_size])

    def purge_keys_batch(self, keys: list[str]) -> None:
        raise NotImplementedError

    def purge(self, urls: list[str]) -> None:
        for start in range(0, len(urls), self.batch_size):
            self.purge_batch(urls[start : start + self.batch_size])

    def purge_batch(self, urls: list[str]) -> None:
        raise NotImplementedError

    def _send(self, method: str, url: str, **kwargs: Any) -> urllib3.BaseHTTPResponse:
        try:
            return self.http.request(method, url, redirect=False, **kwargs)
        except urllib3.exceptions.HTTPError as error:
            raise PurgeError(f"{self.alias}: {method} {url} failed: {error}") from error


class VarnishBackend(FrontendCache):
    """Varnish (or any cache that takes ``PURGE``): one request per URL to ``LOCATION``, with the
    URL's host in ``Host`` so that Varnish finds the object it stored for that host."""

    def purge_batch(self, urls: list[str]) -> None:
        for url in urls:
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            response = self._send("PURGE", f"{self.location}{path}", headers={"Host": parts.netloc})
            # 200 purged; 404 nothing stored for it, which is as good.
            if response.status not in (200, 204, 404):
                raise PurgeError(
                    f"{self.alias}: PURGE {url} answered {response.status} {response.reason}."
                )

    purges_keys = True

    def purge_keys_batch(self, keys: list[str]) -> None:
        """Every page filed under any of ``keys`` (the VCL's ``xkey-purge``), whatever its host."""
        response = self._send("PURGE", f"{self.location}/", headers={"xkey-purge": " ".join(keys)})
        if response.status not in (200, 204):
            raise PurgeError(
                f"{self.alias}: PURGE by {len(keys)} keys answered {response.status} "
                f"{response.reason} (is the xkey module imported by the VCL?)."
            )


class CloudflareBackend(FrontendCache):
    """Cloudflare's purge by URL (``POST /zones/{zone}/purge_cache``, 30 files a request)."""

    batch_size = 30
    third_party = True

    def purge_batch(self, urls: list[str]) -> None:
        api = self.location or "https://api.cloudflare.com/client/v4"
        zone, token = self.options.get("ZONE_ID", ""), self.options.get("API_TOKEN", "")
        response = self._send(
            "POST",
            f"{api}/zones/{zone}/purge_cache",
            body=json.dumps({"files": urls}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            answer = json.loads(response.data or b"{}")
        except ValueError:
            answer = {}
        if response.status != 200 or not answer.get("success"):
            errors = answer.get("errors") or [{"message": f"status {response.status}"}]
            message = "; ".join(str(error.get("message", error)) for error in errors)
            raise PurgeError(f"{self.alias}: Cloudflare refused the purge: {message}.")


class FastlyBackend(FrontendCache):
    """Fastly's purge of a single URL (``POST /purge/{host}{path}`` with the API key), and with
    ``SERVICE_ID`` among the options, its purge by surrogate key (``POST
    /service/{id}/purge``, 256 keys a request)."""

    key_batch_size = 256

    @property
    def purges_keys(self) -> bool:  # type: ignore[override]
        return bool(self.options.get("SERVICE_ID"))

    def purge_keys_batch(self, keys: list[str]) -> None:
        api = self.location or "https://api.fastly.com"
        response = self._send(
            "POST",
            f"{api}/service/{self.options['SERVICE_ID']}/purge",
            headers={
                "Fastly-Key": self.options.get("API_KEY", ""),
                "Surrogate-Key": " ".join(keys),
                "Accept": "application/json",
            },
        )
        if response.status != 200:
            raise PurgeError(
                f"{self.alias}: Fastly answered {response.status} {response.reason} to a purge "
                f"of {len(keys)} keys."
            )

    def purge_batch(self, urls: list[str]) -> None:
        api = self.location or "https://api.fastly.com"
        for url in urls:
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            response = self._send(
                "POST",
                f"{api}/purge/{parts.netloc}{path}",
                headers={
                    "Fastly-Key": self.options.get("API_KEY", ""),
                    "Accept": "application/json",
                },
            )
            if response.status != 200:
                raise PurgeError(
                    f"{self.alias}: Fastly answered {response.status} {response.reason} for {url}."
                )


class CloudFrontBackend(FrontendCache):
    """Amazon CloudFront: one invalidation per batch of paths, through boto3 (which signs the
    request and finds credentials the usual way: the environment, a profile, an instance role;
    ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` in ``OPTIONS`` override them).

    CloudFront keys objects by path within a distribution, so a URL's host only picks the
    distribution when ``DISTRIBUTION_ID`` maps hosts to ids; URLs of a host it does not map are
    left alone (another tier serves them). ``LOCATION`` overrides the API's address."""

    #: CloudFront allows 3,000 paths in progress per distribution; a batch stays well below.
    batch_size = 1000
    third_party = True

    def _client(self) -> Any:
        try:
            import boto3
            from botocore.config import Config
        except ImportError as error:
            raise PurgeError(
                f"{self.alias}: CloudFront purging needs boto3 "
                "(pip install 'foreigndesk[cloudfront]')."
            ) from error
        credentials = {
            name.lower(): self.options[name]
            for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
            if self.options.get(name)
        }
        return boto3.session.Session().client(
            "cloudfront",
            region_name="us-east-1",  # CloudFront's API is global; it signs for this region
            endpoint_url=self.location or None,
            config=Config(
                connect_timeout=self.timeout,
                read_timeout=self.timeout,
                retries={"total_max_attempts": 1},  # a failed purge is retried by the task
            ),
            **credentials,
        )

    def _distribution(self, host: str) -> str | None:
        configured = self.options.get("DISTRIBUTION_ID")
        if isinstance(configured, dict):
            return configured.get(host)
        return str(configured) if configured else None

    def purge_batch(self, urls: list[str]) -> None:
        paths: dict[str, list[str]] = {}
        for url in urls:
            parts = urlsplit(url)
            distribution = self._distribution(parts.netloc)
            if distribution is None:
                continue
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            paths.setdefault(distribution, []).append(path)
        if not paths:
            return
        client = self._client()
        from botocore.exceptions import BotoCoreError, ClientError  # there since boto3 is

        for distribution, items in paths.items():
            try:
                client.create_invalidation(
                    DistributionId=distribution,
                    InvalidationBatch={
                        "Paths": {"Quantity": len(items), "Items": items},
                        "CallerReference": uuid.uuid4().hex,
                    },
                )
            except ClientError as error:
                detail = error.response.get("Error", {})
                raise PurgeError(
                    f"{self.alias}: CloudFront refused the invalidation of {distribution}: "
                    f"{detail.get('Code', '?')}: {detail.get('Message', '')}"
                ) from error
            except BotoCoreError as error:
                raise PurgeError(
                    f"{self.alias}: CloudFront invalidation of {distribution} failed: {error}"
                ) from error


def frontend_caches() -> dict[str, FrontendCache]:
    """The configured cache tiers (none unless an admin set one up)."""
    config = getattr(settings, SETTING, None) or {}
    if not isinstance(config, dict):
        raise ImproperlyConfigured(f"{SETTING} must map aliases to backends, like CACHES.")
    caches = {}
    for alias, entry in config.items():
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{SETTING}[{alias!r}] must be a dictionary with a BACKEND.")
        cls = backend_class(SETTING, entry, FrontendCache)
        options = options_of(SETTING, entry)
        timeout = float(entry.get("TIMEOUT", 5.0))
        caches[alias] = cls(alias, location=entry.get("LOCATION", ""), timeout=timeout, **options)
    return caches


def purge(urls: Iterable[str], *, aliases: Iterable[str] | None = None) -> list[str]:
    """Purge ``urls`` from each configured cache tier (or those of ``aliases``); returns the
    aliases that failed, each failure logged with its reason."""
    return _on_each(list(dict.fromkeys(urls)), "URLs", aliases, by_key=False)


def purge_keys(keys: Iterable[str], *, aliases: Iterable[str] | None = None) -> list[str]:
    """Drop the pages filed under ``keys`` from each configured tier that purges by key (or
    those of ``aliases``); returns the aliases that failed, each failure logged."""
    return _on_each(list(dict.fromkeys(keys)), "keys", aliases, by_key=True)


def _on_each(
    items: list[str], what: str, aliases: Iterable[str] | None, *, by_key: bool
) -> list[str]:
    failed = []
    chosen = set(aliases) if aliases is not None else None
    for alias, backend in frontend_caches().items():
        if (chosen is not None and alias not in chosen) or (by_key and not backend.purges_keys):
            continue
        try:
            backend.purge_keys(items) if by_key else backend.purge(items)
        except PurgeError as error:
            logger.warning("Purge of %d %s failed: %s", len(items), what, error)
            failed.append(alias)
    return failed


def purges_keys() -> bool:
    """Whether any configured tier drops pages by surrogate key."""
    return any(backend.purges_keys for backend in frontend_caches().values())
