"""Plain text as the desk stores it: no control characters (XML, feeds and PostgreSQL refuse
them), one line where a field is one line.

Word and some CMSs put vertical tabs and other control characters into copied text; a NUL byte
can arrive through a restored file. They are removed from what the desk writes, refused where a
file claims to be a faithful copy (a restore), and never reach a feed.
"""

from __future__ import annotations

import re

#: C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def first_control_character(text: str) -> str | None:
    """The first control character in ``text``, as U+XXXX, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def without_control_characters(text: str) -> str:
    """``text`` with control characters removed (a vertical tab becomes a space)."""
    return CONTROL_CHARACTERS.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)


def one_line(text: str) -> str:
    """A title or a name: no control characters, whitespace runs folded into one space."""
    return _SPACES.sub(" ", without_control_characters(text)).strip()
