"""This year's cells beside last year's: the figure, the change and the change in per cent.

Cells are compared by canonical address; a cell last year's format did not have (表二 of the
2019 trial format, 三（六）其他处理 before 2021) has no comparison. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.cells import is_address
from assistant.report import Report
from assistant.workspace.editing import cell_text

Number = int | Decimal


@dataclass(frozen=True)
class YearChange:
    address: str
    now: Number | None
    last: Number | None
    now_text: str
    last_text: str

    @property
    def delta(self) -> Number | None:
        if self.now is None or self.last is None:
            return None
        return self.now - self.last

    @property
    def percent(self) -> Decimal | None:
        """The change in per cent of last year's figure (``None`` when last year's was 0)."""
        delta = self.delta
        if delta is None or not self.last:
            return None
        return (Decimal(delta) * 100 / Decimal(self.last)).quantize(Decimal(1), ROUND_HALF_UP)

    def delta_text(self) -> str:
        """"+6", "−3", "±0"; "" when either year has no number."""
        delta = self.delta
        if delta is None:
            return ""
        if delta == 0:
            return "±0"
        return f"+{_plain(delta)}" if delta > 0 else f"−{_plain(-delta)}"

    def words(self) -> str:
        """The change in words: "增加 6（+30%）", "减少 3（−15%）", "持平", "无法比较"."""
        delta = self.delta
        if delta is None:
            return "无法比较（有一年未填数字）"
        if delta == 0:
            return "持平"
        percent = self.percent
        share = "" if percent is None else f"（{'+' if delta > 0 else '−'}{abs(percent)}%）"
        size: Number = delta if delta > 0 else -delta
        return f"{'增加' if delta > 0 else '减少'} {_plain(size)}{share}"


def year_change(report: Report, previous: Report | None, address: str) -> YearChange | None:
    """``address`` this year and last; ``None`` when there is no last year's report or its
    format has no such cell."""
    if previous is None or not is_address(previous.version, address):
        return None
    return YearChange(address, report.cells.get(address), previous.cells.get(address),
                      cell_text(report, address), cell_text(previous, address))


def _plain(value: Number) -> str:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
