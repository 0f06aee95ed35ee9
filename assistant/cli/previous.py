"""Last year's report given with ``--previous``: read it, or say why not and go on without it.

An unreadable previous report (an archived empty page, a scan, a broken file) never stops the
work on this year's report: each command names what it skips and carries on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.errors import UnreadableInput
from assistant.report import Report


def read_previous(path: Path, skipped: str) -> tuple[Report | None, str | None]:
    """Last year's report (our JSON or any format the parser reads), or ``None`` and the reason,
    after a warning on stderr naming the file, the reason and ``skipped`` (what goes undone)."""
    from assistant.ledger.fill import load_previous  # deferred: the parser is heavy

    try:
        return load_previous(path), None
    except UnreadableInput as exc:
        print(f"警告：上一年度报告 {path} 无法读取，{skipped}。原因：{exc}", file=sys.stderr)
        return None, str(exc)
