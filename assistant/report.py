"""The report model: metadata, the six sections and the three tables.

Table cells live in one flat mapping keyed by canonical address (``assistant.cells``), so that
checks, findings, the ledger, exports and the UI all speak of the same cell the same way.
A cell holds what the report printed: ``None`` when it was blank or unreadable (the printed
text is kept in ``raw_cells``), a negative number when one was printed. Checks judge; the
model never corrects.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from assistant.account.model import YearAccount
from assistant.findings import SECTION_NUMERALS, Finding, SectionKey
from assistant.form import FormatVersion, ValueKind, cell_spec, cell_specs, is_address, section_heading

JsonDecimal = Annotated[
    Decimal,
    PlainSerializer(float, return_type=float, when_used="json"),
]
CellValue = int | JsonDecimal | None


class ReportMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency: str | None = Field(default=None, description="报告机关名称")
    year: int | None = Field(default=None, description="报告年度")
    title: str | None = None
    format_version: FormatVersion = FormatVersion.V2021
    period_start: date | None = Field(default=None, description="统计期限起")
    period_end: date | None = Field(default=None, description="统计期限止")
    published_on: date | None = None
    source: str | None = Field(default=None, description="来源文件或网址")


class Section(BaseModel):
    """One part of the report as printed."""

    model_config = ConfigDict(extra="forbid")

    key: SectionKey | None = Field(description="识别出的部分；无法识别时为空")
    heading: str = Field(default="", description="原文标题，如“五、存在的主要问题及改进情况”")
    numeral: str = Field(default="", description="原文序号，如“五”")
    text: str = Field(default="", description="正文（表格之外的文字）")
    offset: int | None = Field(default=None, description="标题在原文中的字符位置")


class SplitAmbiguity(BaseModel):
    """Cells printed run together ("640020470") that more than one split fits."""

    model_config = ConfigDict(extra="forbid")

    table: str
    rows: list[str] = Field(description="涉及的行（规范地址的行名）")
    printed: str = Field(description="原文中连在一起的数字")
    candidates: list[dict[str, int | JsonDecimal]] = Field(
        description="每种拆分：单元格地址 → 数值"
    )


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    meta: ReportMeta = Field(default_factory=ReportMeta)
    sections: list[Section] = Field(default_factory=list, description="按原文顺序")
    cells: dict[str, CellValue] = Field(
        default_factory=dict, description="表二、表三、表四：规范单元格地址 → 数值"
    )
    raw_cells: dict[str, str] = Field(
        default_factory=dict, description="原文不是规范数字的单元格：地址 → 原文（如“（空）”“/”）"
    )
    ambiguities: list[SplitAmbiguity] = Field(default_factory=list)
    parse_findings: list[Finding] = Field(
        default_factory=list, description="解析时发现的问题（无法读取的部分等）"
    )
    account: YearAccount = Field(
        default_factory=YearAccount, description="第五部分的整改台账：上年问题整改情况、本年问题与改进措施"
    )

    @model_validator(mode="after")
    def _cells_belong_to_format(self) -> Self:
        version = self.meta.format_version
        for address, value in list(self.cells.items()):
            if not is_address(version, address):
                raise ValueError(f"{version.value}版格式中没有单元格 {address}")
            self.cells[address] = _coerce(version, address, value)
        for address in self.raw_cells:
            if not is_address(version, address):
                raise ValueError(f"{version.value}版格式中没有单元格 {address}")
        return self

    # --- construction ----------------------------------------------------------------

    @classmethod
    def blank(
        cls, version: FormatVersion = FormatVersion.V2021, *, agency: str | None = None,
        year: int | None = None,
    ) -> Report:
        """A report with every cell 0 and the six sections present but empty."""
        meta = ReportMeta(agency=agency, year=year, format_version=version)
        if year is not None:
            meta.period_start, meta.period_end = date(year, 1, 1), date(year, 12, 31)
        cells: dict[str, CellValue] = {
            s.address: Decimal(0) if s.kind is ValueKind.AMOUNT else 0
            for s in cell_specs(version)
        }
        sections = [
            Section(key=k, numeral=n, heading=section_heading(k))
            for k, n in SECTION_NUMERALS.items()
        ]
        return cls(meta=meta, sections=sections, cells=cells)

    # --- access ------------------------------------------------------------------------

    @property
    def version(self) -> FormatVersion:
        return self.meta.format_version

    def section(self, key: SectionKey) -> Section | None:
        """The first printed section recognised as ``key``."""
        return next((s for s in self.sections if s.key is key), None)

    def text(self, key: SectionKey) -> str:
        found = self.section(key)
        return found.text if found else ""

    def cell(self, address: str) -> int | Decimal | None:
        """The value printed in a cell; ``None`` when blank, unreadable or absent."""
        cell_spec(self.version, address)  # raises on a wrong address
        return self.cells.get(address)

    def set_cell(self, address: str, value: int | Decimal | None) -> None:
        self.cells[address] = _coerce(self.version, address, value)
        self.raw_cells.pop(address, None)

    # --- JSON ----------------------------------------------------------------------------

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent, exclude_none=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        return cls.model_validate_json(text)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        return cls.model_json_schema()


def _coerce(version: FormatVersion, address: str, value: Any) -> int | Decimal | None:
    """Normalise a cell value to its kind; refuse text, keep what the report printed."""
    if value is None:
        return None
    kind = cell_spec(version, address).kind
    if isinstance(value, bool):
        raise ValueError(f"单元格 {address} 的值不是数字：{value!r}")
    if kind is ValueKind.AMOUNT:
        if isinstance(value, int | Decimal):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(str(value))
        raise ValueError(f"单元格 {address} 的值不是数字：{value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float) and value == int(value):
        return int(value)
    raise ValueError(f"单元格 {address} 应为整数，实为 {value!r}")


def dump_schema() -> str:
    return json.dumps(Report.json_schema(), ensure_ascii=False, indent=2)
