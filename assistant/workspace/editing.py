"""A report open for editing: every edit is saved at once and the checks re-run.

``OpenReport`` is what a UI (or a test) holds while the writer works on one report: the report,
last year's report for the cross-year rules, the current findings, and the journal. It is safe
to call from several threads (one lock per open report).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from assistant.account.model import YearAccount
from assistant.account.previous import split_problems
from assistant.cells import ValueKind, cell_spec
from assistant.checks import run_checks
from assistant.errors import NianbaoError
from assistant.findings import SECTION_NUMERALS, Finding, SectionKey
from assistant.form import section_heading
from assistant.report import Report, Section
from assistant.workspace.records import DraftRecord, ExportOverride, Journal, Replacement, Version
from assistant.workspace.review import (
    ExportGate,
    ReviewItem,
    export_gate,
    review_items,
    stale_numbers,
)
from assistant.workspace.store import Change, ReportFolder, compare_reports, now

_INTEGER = re.compile(r"^[-−－]?\d+$")
_DECIMAL = re.compile(r"^[-−－]?\d+(?:[.．]\d+)?$")
_SECTION_ORDER = list(SectionKey)


def cell_text(report: Report, address: str) -> str:
    """What a cell shows: its number, or the text printed where a number was due."""
    value = report.cells.get(address)
    if value is None:
        return report.raw_cells.get(address, "")
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def apply_cell_text(report: Report, address: str, text: str) -> None:
    """Set a cell from what the writer typed: a number when it is one, else the text as typed
    (so the checks report it, as they would in a published report)."""
    kind = cell_spec(report.version, address).kind
    typed = text.strip()
    clean = re.sub(r"\s+", "", typed).replace("−", "-").replace("－", "-").replace("．", ".")
    value: int | Decimal | None = None
    if kind is ValueKind.AMOUNT and _DECIMAL.match(clean):
        try:
            value = Decimal(clean)
        except InvalidOperation:
            value = None
    elif _INTEGER.match(clean):
        value = int(clean)
    if value is not None:
        report.set_cell(address, value)
    else:
        report.cells[address] = None
        report.raw_cells[address] = typed


def section_for_edit(report: Report, key: SectionKey) -> Section:
    """The section ``key``, inserted at its place (empty) when the report lacks it."""
    found = report.section(key)
    if found is not None:
        return found
    numeral = SECTION_NUMERALS.get(key, "")
    heading = section_heading(key) if numeral else ""
    section = Section(key=key, numeral=numeral, heading=heading)
    rank = _SECTION_ORDER.index(key)
    at = next((i for i, s in enumerate(report.sections)
               if s.key is not None and _SECTION_ORDER.index(s.key) > rank), len(report.sections))
    report.sections.insert(at, section)
    return section


@dataclass(frozen=True)
class CellChange:
    address: str
    old: str
    new: str


class OpenReport:
    """One report being edited, saved on every change."""

    def __init__(self, folder: ReportFolder) -> None:
        self.folder = folder
        self.report = folder.load()
        self.previous = folder.load_previous()
        self.lock = threading.RLock()
        self.saved_at: datetime | None = None
        self._findings: list[Finding] | None = None

    # --- checks ---------------------------------------------------------------------------

    @property
    def findings(self) -> list[Finding]:
        with self.lock:
            if self._findings is None:
                self._findings = run_checks(self.report, self.previous)
            return self._findings

    def recheck(self) -> list[Finding]:
        with self.lock:
            self._findings = None
            return self.findings

    def journal(self) -> Journal:
        return self.folder.journal()

    def review(self) -> list[ReviewItem]:
        with self.lock:
            return review_items(self.findings, self.report, self.journal().dismissals)

    def gate(self) -> ExportGate:
        """Whether export may go ahead: blocked by open errors (placeholders included) and by
        cells of the national form left blank or unresolved, unless a reason is recorded."""
        with self.lock:
            return export_gate(self.review(), self.journal().overrides, report=self.report)

    def stale_numbers(self, key: SectionKey | None = None) -> list[Finding]:
        """Numbers in text kept word for word from last year's report that none of this year's
        cells holds (``text.stale_number`` warnings), for one section or all."""
        with self.lock:
            found = stale_numbers(self.report, self.previous)
        return [f for f in found if key is None or f.section is key]

    # --- edits ----------------------------------------------------------------------------

    def _save(self, note: str | None = None, draft: DraftRecord | None = None) -> Version | None:
        version = self.folder.save(self.report, note=note, draft=draft)
        self.saved_at = now()
        return version

    def set_cell(self, address: str, text: str) -> CellChange | None:
        """Apply a typed cell value, journal it, save and re-check. ``None`` if unchanged."""
        with self.lock:
            try:
                cell_spec(self.report.version, address)
            except KeyError as exc:
                raise NianbaoError(str(exc.args[0])) from None
            before = (self.report.cells.get(address), self.report.raw_cells.get(address))
            old = cell_text(self.report, address)
            apply_cell_text(self.report, address, text)
            if (self.report.cells.get(address), self.report.raw_cells.get(address)) == before:
                return None
            new = cell_text(self.report, address)
            self.folder.record_edit(address, old, new)
            self._save()
            self._findings = None
            return CellChange(address, old, new)

    def set_text(self, key: SectionKey, text: str) -> bool:
        """Replace a section's text as the writer typed it and save (checks re-run lazily).
        False if unchanged. The section is remembered as the writer's own text (accepting a
        draft over it asks first)."""
        with self.lock:
            section = section_for_edit(self.report, key)
            if section.text == text:
                return False
            section.text = text
            self._save()
            self._findings = None
            journal = self.journal()
            if key not in journal.typed:
                journal.typed.append(key)
                self.folder.save_journal(journal)
            return True

    def has_writer_text(self, key: SectionKey) -> bool:
        """Whether section ``key`` holds text the writer typed here (not an import, a copy of
        last year's or an accepted draft left as it was)."""
        with self.lock:
            return key in self.journal().typed and bool(self.report.text(key).strip())

    def replace_section(self, key: SectionKey, text: str, action: str, *,
                        draft: DraftRecord | None = None) -> None:
        """Put ``text`` (an accepted draft) in section ``key`` as a replacing action: a version is
        saved before and after, and :meth:`undo` takes it back. ``draft`` (the model, prompt and
        facts that wrote it) is kept with the version after and in the journal."""
        with self.lock:
            updated = self.report.model_copy(deep=True)
            section_for_edit(updated, key).text = text
            self.replace(updated, action, draft=draft)
            journal = self.journal()
            if key in journal.typed:
                journal.typed.remove(key)
                self.folder.save_journal(journal)

    def account(self) -> YearAccount:
        """The writer's account (整改台账) laid over last year's problems and measures as they are
        split now: every one of last year's items listed, with what was recorded for it."""
        with self.lock:
            if self.previous is None:
                return self.report.account
            problems, measures = split_problems(self.previous.text(SectionKey.PROBLEMS), self.previous.meta.year)
            return self.report.account.with_previous(problems, measures)

    def update_account(self, change: Callable[[YearAccount], YearAccount]) -> YearAccount:
        """Apply ``change`` to :meth:`account` and save the report when the result differs from
        the account saved. Returns the account now held."""
        with self.lock:
            updated = change(self.account())
            if updated == self.report.account:
                return updated
            self.report.account = updated
            self._save()
            self._findings = None
            return updated

    def replace(self, report: Report, note: str, *, draft: DraftRecord | None = None) -> None:
        """Swap in a whole report (an accepted proposal, tables filled from a ledger),
        snapshotting the current one first; the action is named ``note`` and can be undone."""
        with self.lock:
            before = self.folder.snapshot(self.report, f"{note}之前")
            self.report = report
            after = self._save(note=note, draft=draft)
            self._findings = None
            self.folder.record_replacement(note, before, after, draft=draft)

    def restore(self, version_id: str) -> Report:
        with self.lock:
            self.report = self.folder.restore(version_id, self.report)
            self.saved_at = now()
            self._findings = None
            return self.report

    def last_replacement(self) -> Replacement | None:
        """The replacing action :meth:`undo` would take back (``None`` when there is none)."""
        return self.folder.last_replacement()

    def undo(self) -> Replacement:
        """Take back the last replacing action (an accepted draft, a ledger fill, a restore):
        the version saved just before it becomes the report again, and the report as it is now
        is kept as a version named after the action. ``NianbaoError`` when there is none."""
        with self.lock:
            self.report, record = self.folder.undo(self.report)
            self.saved_at = now()
            self._findings = None
            return record

    def compare_version(self, version_id: str) -> list[Change]:
        """What restoring ``version_id`` would change in the report as it is now."""
        with self.lock:
            return compare_reports(self.report, self.folder.load_version(version_id))

    def checkpoint(self, note: str) -> Version | None:
        with self.lock:
            return self._save(note=note)

    def set_previous(self, previous: Report | None) -> None:
        with self.lock:
            self.previous = previous
            self.folder.save_previous(previous)
            self._findings = None

    # --- decisions ------------------------------------------------------------------------

    def dismiss(self, key: str, reason: str) -> None:
        with self.lock:
            item = next((i for i in self.review() if i.key == key), None)
            if item is None:
                raise NianbaoError("这条问题已不存在（报告已修改），请刷新审核列表")
            self.folder.dismiss(item.finding, self.report, reason)

    def notes(self) -> list[str]:
        """The writer's drafting notes, one fact a line."""
        return [line.strip() for line in self.journal().notes.splitlines() if line.strip()]

    def set_notes(self, text: str) -> None:
        with self.lock:
            journal = self.journal()
            if journal.notes != text:
                journal.notes = text
                self.folder.save_journal(journal)

    def undismiss(self, key: str) -> None:
        self.folder.undismiss(key)

    def override_export(self, reason: str) -> ExportOverride:
        with self.lock:
            gate = self.gate()
            if not gate.blocking:
                raise NianbaoError("没有未解决的错误或未填的单元格，无需说明理由")
            return self.folder.override_export(list(gate.blocking), reason)
