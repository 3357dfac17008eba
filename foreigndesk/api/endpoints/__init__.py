"""One router per resource; each endpoint parses its query, calls one selector and answers."""
