"""Every URL pattern the project answers, read from the URL configuration itself, for tests
that must cover each address (a permission matrix): a new view shows up here without anyone
having to remember to list it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from foreigndesk.api.middleware import API_URLCONF


@dataclass(frozen=True)
class Route:
    """One URL pattern: its key (``namespace:name``, or the route when unnamed), its full
    route, the parameters it takes and the arguments its definition fixes."""

    key: str
    route: str
    parameters: tuple[str, ...]
    defaults: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def url(self, kwargs: dict[str, Any]) -> str:
        """The address of this pattern with ``kwargs``: reversed by name when it has one, else
        its route with each parameter filled in."""
        if self.key != self.route:
            return reverse(self.key, urlconf=API_URLCONF, kwargs=kwargs)
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match[1]]), self.route)


def _walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else route
            parameters = (
                tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            )
            yield Route(name, route, parameters, dict(entry.default_args))


def project_routes() -> list[Route]:
    """The project's URL patterns in resolution order, includes walked recursively: those of
    requests under the API's address, which are the site's with the API's before them."""
    return list(_walk(get_resolver(API_URLCONF), "", ()))
