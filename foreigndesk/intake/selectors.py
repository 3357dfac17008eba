"""Reads for intake: outlets by web domain, duplicates, a person's import requests."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from . import dedupe
from .models import ImportRequest, Original, Outlet, OutletDomain


def outlet_for_url(url: str) -> Outlet | None:
    """The outlet publishing on the URL's domain or a parent domain (news.example.de → example.de)."""
    host = dedupe.domain_of(url)
    if not host:
        return None
    labels = host.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    domains = {
        d.domain: d
        for d in OutletDomain.objects.filter(domain__in=candidates).select_related("outlet")
    }
    for candidate in candidates:  # the most specific domain wins
        if candidate in domains:
            return domains[candidate].outlet
    return None


def original_by_url(url: str) -> Original | None:
    """The original fetched from this URL, or stored under its canonical form."""
    canonical = dedupe.canonical_url(url)
    if not canonical:
        return None
    return Original.objects.filter(Q(canonical_url=canonical) | Q(url=url.strip())).first()


def near_duplicate(
    text: str, *, threshold: float = dedupe.NEAR_DUPLICATE
) -> tuple[Original, float] | None:
    """The stored original whose text is most like this one, if it is near-identical."""
    signature = dedupe.minhash(text)
    exact = Original.objects.filter(checksum=dedupe.checksum(text)).first()
    if exact is not None:
        return exact, 1.0
    candidates = (
        Original.objects.filter(text_bands__key__in=dedupe.band_keys(signature))
        .exclude(text_signature="")
        .distinct()
        .only("id", "title", "text_signature", "url")
    )
    best: tuple[Original, float] | None = None
    for candidate in candidates:
        score = dedupe.similarity(signature, dedupe.decode(candidate.text_signature))
        if score >= threshold and (best is None or score > best[1]):
            best = (candidate, score)
    return best


def import_requests_of(user: object, *, limit: int = 20) -> QuerySet[ImportRequest]:
    """A person's latest import requests, newest first."""
    return ImportRequest.objects.filter(requested_by=user).select_related("original")[:limit]
