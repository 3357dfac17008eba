"""`python -m foreigndesk.alignment align|align-eval ...`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
