"""The review list: findings joined with the writer's dismissals, and the export gate.

A finding is identified across edits by its rule code, its place (section, cell) and the text
it points at, not by character offsets (which move as the writer types). Warnings can be
dismissed with a reason; errors cannot: they are fixed, or export is overridden with a reason
that covers exactly the errors present at the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.findings import Finding
from assistant.report import Report
from assistant.workspace.records import Dismissal, ExportOverride


def finding_key(finding: Finding, report: Report) -> str:
    """A stable identity for ``finding``: code, section, cell and the text its span covers."""
    excerpt = ""
    if finding.span is not None and finding.section is not None:
        start, end = finding.span
        excerpt = report.text(finding.section)[start:end]
    return "|".join((finding.code, finding.section or "", finding.cell or "", excerpt))


@dataclass(frozen=True)
class ReviewItem:
    finding: Finding
    key: str
    dismissal: Dismissal | None = None

    @property
    def is_open(self) -> bool:
        return self.dismissal is None


def review_items(findings: Iterable[Finding], report: Report,
                 dismissals: Sequence[Dismissal]) -> list[ReviewItem]:
    """Every finding with its key and, for a dismissed warning, the dismissal."""
    by_key = {d.key: d for d in dismissals}
    items = []
    for finding in findings:
        key = finding_key(finding, report)
        dismissal = None if finding.is_error else by_key.get(key)
        items.append(ReviewItem(finding, key, dismissal))
    return items


@dataclass(frozen=True)
class ExportGate:
    """Whether export may proceed: no open error, or an override covering all of them."""

    errors: tuple[ReviewItem, ...]
    override: ExportOverride | None

    @property
    def blocked(self) -> bool:
        return bool(self.errors) and self.override is None

    def message(self) -> str:
        if not self.errors:
            return "没有未解决的错误，可以导出。"
        if self.override is not None:
            return (f"尚有 {len(self.errors)} 个错误，已于 {self.override.at:%Y-%m-%d %H:%M} "
                    f"说明理由后允许导出：{self.override.reason}")
        return f"尚有 {len(self.errors)} 个错误，导出已被阻止：请逐一修改，或写明理由后仍然导出。"


def export_gate(items: Iterable[ReviewItem], overrides: Sequence[ExportOverride]) -> ExportGate:
    """The gate for the current findings; the latest override counts if it covers every error."""
    errors = tuple(i for i in items if i.finding.is_error)
    keys = {i.key for i in errors}
    override = None
    if keys:
        override = next((o for o in reversed(overrides) if keys <= set(o.error_keys)), None)
    return ExportGate(errors, override)
