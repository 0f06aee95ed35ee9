"""The 主管部门's collection round as the 汇总审核人 reads it: a unit's report as submitted with its
check results, and the live roll-up's headline figures with each unit's share."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.cells import cell_spec
from assistant.checks import run_checks
from assistant.collab.people import Actor
from assistant.collab.rounds import submission_report
from assistant.db import Database
from assistant.findings import Finding
from assistant.report import Report
from assistant.rollup import Rollup

# The figures a reviewer looks at first: applications received, carried over, answered, carried
# on; reviews and lawsuits.
HEADLINE_CELLS = ("t3.new.total", "t3.carried_in.total", "t3.handled_total.total", "t3.carried_out.total",
                  "t4.review.total", "t4.suit_direct.total", "t4.suit_after_review.total")


@dataclass(frozen=True)
class Submitted:
    """A unit's report as submitted, and what the checks find in it."""

    report: Report
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)


def submitted(db: Database, actor: Actor, submission_id: int) -> Submitted:
    """The report of a submission (the round's reviewers only), checked."""
    report = submission_report(db, actor, submission_id)
    return Submitted(report, run_checks(report, None))


@dataclass(frozen=True)
class Figure:
    address: str
    label: str
    total: int | Decimal
    by_unit: dict[str, int | Decimal] = field(default_factory=dict)


def headline(result: Rollup) -> list[Figure]:
    """The roll-up's headline figures, each with the units it sums (non-zero ones)."""
    found = []
    for address in HEADLINE_CELLS:
        value = result.report.cells.get(address)
        total = value if isinstance(value, (int, Decimal)) else 0
        found.append(Figure(address, cell_spec(result.report.version, address).label, total,
                            dict(result.provenance.get(address, {}))))
    return found
