"""Who may open the translating and revisions pages, the desk's translators and editors."""

from __future__ import annotations

from ..access import desk_page

#: The desk's translators and editors (any desk role); anyone else logs in, or is refused (403).
desk_staff = desk_page()
