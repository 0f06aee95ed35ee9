"""The 表格 tab's tables are the exports' layout (``assistant.export.layout``): the same headings,
row labels and cells in the same order, a full grid in every row, with the message rows under
their rows (no browser)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.parsing import parse_file
from assistant.services import CellRole, Report, table_layouts
from ui.tables import tables_html

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


class Tables(HTMLParser):
    """Each table's header and label texts, its inputs, and the width each row fills."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, list[str]] = {}
        self.inputs: dict[str, list[str]] = {}
        self.widths: dict[str, set[int]] = {}
        self.message_rows: dict[str, int] = {}
        self._table: str | None = None
        self._th = False
        self._covered: set[tuple[int, int]] = set()
        self._row = -1
        self._col = 0
        self._in_message = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = str(a["id"]).removeprefix("nb-")
            self.texts[self._table], self.inputs[self._table] = [], []
            self._covered, self._row = set(), -1
            self.message_rows[self._table] = 0
        elif self._table is None:
            return
        elif tag == "tr":
            self._row, self._col = self._row + 1, 0
            if "nb-msg-row" in (a.get("class") or ""):
                self.message_rows[self._table] += 1
        elif tag in ("td", "th"):
            rows, cols = int(a.get("rowspan") or 1), int(a.get("colspan") or 1)
            while (self._row, self._col) in self._covered:
                self._col += 1
            self._covered |= {(self._row + i, self._col + j) for i in range(rows) for j in range(cols)}
            self._col += cols
            self._th = tag == "th"
        elif tag == "input":
            self.inputs[self._table].append(str(a["data-cell"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._th = False
        elif tag == "table" and self._table is not None:
            rows: dict[int, int] = {}
            for r, c in self._covered:
                rows[r] = max(rows.get(r, 0), c + 1)
            counts = {r: sum(1 for rr, _ in self._covered if rr == r) for r in rows}
            self.widths[self._table] = set(rows.values()) | set(counts.values())
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._th and self._table is not None and data.strip():
            self.texts[self._table].append(data.strip())


@pytest.mark.parametrize(("sample", "messages"), [
    ("shanghai-gov-office-2019.txt", True),  # the 2019 format, messages under grouped rows
    ("pingtan-zone-2022.txt", True),  # a run-together row: its split candidates under it
    ("jinghe-gongyeyuanqu-2021.txt", False),
])
def test_the_tables_are_the_exports_layout(sample: str, messages: bool) -> None:
    report: Report = parse_file(SAMPLES / sample)
    found = Tables()
    found.feed(tables_html(report, run_checks(report, None)))
    assert bool(sum(found.message_rows.values())) is messages
    for layout in table_layouts(report.version):
        texts = [c.text for _, row in layout.rows() for c in row if c.role is not CellRole.VALUE]
        assert found.texts[layout.key] == texts
        assert found.inputs[layout.key] == list(layout.addresses())
        assert found.widths[layout.key] == {layout.columns}, layout.key  # every row, message rows too
