"""The read-only JSON API under /api/v1/: published translations and what readers browse them by."""
