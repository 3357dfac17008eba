"""The NinjaAPI instance served at /api/v1/: read-only, anonymous, published work only."""

from __future__ import annotations

from ninja import NinjaAPI

from .endpoints import contributors, countries, index, outlets, topics, translations
from .errors import install_error_handlers

api = NinjaAPI(
    title="foreigndesk API",
    version="1",
    description="Published translations of foreign-press articles, beside their originals.",
    urls_namespace="api",
    openapi_url="/schema",
    docs_url="/docs",
)
install_error_handlers(api)

api.add_router("/translations", translations.router)
api.add_router("/outlets", outlets.router)
api.add_router("/countries", countries.router)
api.add_router("/topics", topics.router)
api.add_router("/contributors", contributors.router)
api.add_router("/search", "foreigndesk.api.endpoints.search.router")

# Last: its catch-all answers only what no router above has claimed.
api.add_router("", index.router)
