"""Roll-up for the 政府信息公开工作主管部门: one government's report from its units' reports."""

from assistant.rollup.consolidate import (
    CellDifference,
    FailingPolicy,
    Rollup,
    RollupFacts,
    UnitResult,
    UnitStatus,
    rollup,
)
from assistant.rollup.outputs import render_html, write_html, write_xlsx
from assistant.rollup.roster import Match, MatchMethod, RosterUnit, UnitKind, match_names, read_roster

__all__ = [
    "CellDifference", "FailingPolicy", "Match", "MatchMethod", "Rollup", "RollupFacts",
    "RosterUnit", "UnitKind", "UnitResult", "UnitStatus", "match_names", "read_roster",
    "render_html", "rollup", "write_html", "write_xlsx",
]
