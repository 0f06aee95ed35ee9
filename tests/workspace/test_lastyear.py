"""This year's cells beside last year's."""

from __future__ import annotations

from decimal import Decimal

from assistant.cells import FormatVersion
from assistant.report import Report
from assistant.workspace.lastyear import year_change


def test_change_in_figures_and_words() -> None:
    now, last = Report.blank(year=2024), Report.blank(year=2023)
    now.set_cell("t3.new.total", 26)
    last.set_cell("t3.new.total", 20)
    change = year_change(now, last, "t3.new.total")
    assert change is not None
    assert change.delta == 6 and change.percent == 30 and change.delta_text() == "+6"
    assert change.words() == "增加 6（+30%）"
    last.set_cell("t3.new.total", 30)
    assert year_change(now, last, "t3.new.total").words() == "减少 4（−13%）"  # type: ignore[union-attr]
    last.set_cell("t3.new.total", 0)
    assert year_change(now, last, "t3.new.total").words() == "增加 26"  # type: ignore[union-attr]
    last.set_cell("t3.new.total", 26)
    assert year_change(now, last, "t3.new.total").words() == "持平"  # type: ignore[union-attr]


def test_amounts_blanks_and_cells_last_year_did_not_have() -> None:
    now, last = Report.blank(year=2024), Report.blank(year=2023)
    now.set_cell("t2.fees.amount_wan", Decimal("12.5"))
    last.set_cell("t2.fees.amount_wan", Decimal("10"))
    assert year_change(now, last, "t2.fees.amount_wan").delta_text() == "+2.5"  # type: ignore[union-attr]
    last.cells["t3.new.natural"] = None
    assert year_change(now, last, "t3.new.natural").words().startswith("无法比较")  # type: ignore[union-attr]
    old_format = Report.blank(FormatVersion.V2019, year=2020)
    assert year_change(now, old_format, "t2.normative.in_force") is None
    assert year_change(now, None, "t3.new.total") is None
