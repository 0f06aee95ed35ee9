"""`python -m assistant.cli` — the same as the `nianbao` command."""

import sys

from assistant.cli import main

sys.exit(main())
