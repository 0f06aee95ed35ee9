"""Where each filled cell came from: the ledger rows behind it, saved beside the report.

``REPORT.json`` stays a plain ``Report`` (so ``nianbao check`` and every other tool read it
unchanged); ``REPORT.provenance.json`` beside it holds:

- ``sources``: per ledger (``applications``, ``cases``, ``table2``) the file, its SHA-256, and
  the rows that count in some cell: row number -> the row's values (``columns`` names them);
- ``cells``: for each cell counted directly, its source and row numbers;
- ``sums``: for each total, the cells it adds up (resolve recursively; ``rows_of`` does);
- ``issues``: every validation problem; ``crosscheck``: the findings against last year;
- ``origins`` (kept by the workspace): for each cell, where its current value came from — counted
  from the ledger, imported from a file, edited by hand, chosen among split candidates — with
  the value it was given then, so that a record whose value is no longer the cell's is stale.

A UI loads it with ``Provenance.for_report(path)`` and asks ``rows_of(address)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import UnreadableInput
from assistant.findings import Finding
from assistant.ledger.compute import CaseScope, Source
from assistant.ledger.records import LedgerIssue

PROVENANCE_FORMAT: Literal["nianbao-ledger-provenance/1"] = "nianbao-ledger-provenance/1"
SUFFIX = ".provenance.json"


class SourceFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str = Field(description="台账文件路径（生成时）")
    sha256: str = Field(description="文件内容的 SHA-256，用于判断台账是否已改动")
    sheet: str | None = Field(default=None, description="读取的工作表（xlsx）")
    encoding: str | None = Field(default=None, description="文件编码（csv）")
    header_row: int = Field(description="表头所在行")
    columns: list[str] = Field(description="records 中各值的含义")
    records: dict[int, list[str]] = Field(
        default_factory=dict, description="计入某单元格的行：行号 → 各列的值"
    )

    @property
    def name(self) -> str:
        return Path(self.file).name


class CellRows(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Source
    rows: list[int]


OriginKind = Literal["ledger", "import", "edit", "split", "start"]


class CellOrigin(BaseModel):
    """Where a cell's value came from, recorded when it was set."""

    model_config = ConfigDict(extra="forbid")

    kind: OriginKind = Field(description="台账计数、文件导入、手工修改、选择拆分、新建")
    source: str = Field(default="", description="文件名或操作说明")
    at: datetime
    value: str = Field(description="记录时单元格的数值（原文）；与当前数值不同即已过时")
    old: str | None = Field(default=None, description="修改前的数值（手工修改、选择拆分）")
    before: str | None = Field(default=None, description="此前的来源（文字说明）")


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["nianbao-ledger-provenance/1"] = PROVENANCE_FORMAT
    year: int
    case_scope: CaseScope = CaseScope.RECEIVED
    sources: dict[Source, SourceFile] = Field(default_factory=dict)
    cells: dict[str, CellRows] = Field(default_factory=dict, description="直接计数的单元格")
    sums: dict[str, list[str]] = Field(default_factory=dict, description="合计单元格 → 组成部分")
    issues: list[LedgerIssue] = Field(default_factory=list)
    crosscheck: list[Finding] = Field(default_factory=list)
    origins: dict[str, CellOrigin] = Field(
        default_factory=dict, description="工作区记录的每个单元格数值的来源"
    )

    def rows_of(self, address: str) -> list[tuple[Source, int]]:
        """Every ledger row behind a cell (a total's rows are those of its parts), sorted."""
        return sorted(set(self._walk(address)))

    def _walk(self, address: str) -> Iterator[tuple[Source, int]]:
        found = self.cells.get(address)
        if found is not None:
            yield from ((found.source, row) for row in found.rows)
        for part in self.sums.get(address, ()):
            yield from self._walk(part)

    def knows(self, address: str) -> bool:
        return address in self.cells or address in self.sums

    # --- files -----------------------------------------------------------------------------

    def to_json(self) -> str:
        return self.model_dump_json(indent=None)

    @classmethod
    def from_json(cls, text: str | bytes) -> Provenance:
        return cls.model_validate_json(text)

    @classmethod
    def load(cls, path: Path) -> Provenance:
        try:
            return cls.from_json(path.read_bytes())
        except FileNotFoundError:
            raise UnreadableInput(f"{path}：来源记录文件不存在") from None
        except ValueError as exc:
            raise UnreadableInput(f"{path.name}：不是有效的台账来源记录（{exc}）") from exc

    @classmethod
    def for_report(cls, report_path: Path) -> Provenance:
        """The provenance saved beside ``report_path`` by ``nianbao ledger fill``."""
        return cls.load(path_for(report_path))


def path_for(report_path: Path) -> Path:
    """``REPORT.json`` -> ``REPORT.provenance.json`` (any other name: suffix appended)."""
    if report_path.suffix.lower() == ".json":
        return report_path.with_suffix(SUFFIX)
    return report_path.with_name(report_path.name + SUFFIX)
