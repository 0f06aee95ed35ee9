"""The report model: JSON round trip, schema, canonical addresses of both formats."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.cells import FormatVersion, cell_spec, cell_specs
from assistant.cli import main
from assistant.parsing import parse_file
from assistant.report import Report

SAMPLES = sorted((Path(__file__).parent / "fixtures" / "samples").glob("*.*[tl]"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_parsed_samples_round_trip_through_json(path: Path) -> None:
    report = parse_file(path)
    again = Report.from_json(report.to_json())
    assert again == report
    assert again.cells == report.cells


def test_blank_report_has_every_cell_of_its_format() -> None:
    for version in FormatVersion:
        report = Report.blank(version, agency="临川县教育局", year=2023)
        assert set(report.cells) == {s.address for s in cell_specs(version)}
        assert report.meta.period_start is not None and report.meta.period_start.isoformat() == "2023-01-01"
    assert len(cell_specs(FormatVersion.V2021)) == 10 + 25 * 7 + 15  # 表二, 表三 25 rows × 7, 表四
    assert cell_spec(FormatVersion.V2019, "t3.other.total").row_label == "（六）其他处理"
    assert cell_spec(FormatVersion.V2019, "t2.procurement.amount_yuan").kind.value == "amount"


def test_cells_are_validated_against_the_format() -> None:
    with pytest.raises(ValidationError, match=r"t3\.other_1\.natural"):
        Report.model_validate({"meta": {"format_version": "2019"}, "cells": {"t3.other_1.natural": 1}})
    with pytest.raises(ValidationError, match="应为整数"):
        Report.model_validate({"cells": {"t3.new.total": 2.5}})
    report = Report.model_validate({"cells": {"t2.fees.amount_wan": 12.5, "t3.new.total": 3.0}})
    assert report.cells["t2.fees.amount_wan"] == Decimal("12.5")
    assert report.cells["t3.new.total"] == 3 and isinstance(report.cells["t3.new.total"], int)
    with pytest.raises(KeyError, match=r"t9\.nothing"):
        report.cell("t9.nothing")


def test_amounts_are_json_numbers() -> None:
    report = Report.blank()
    report.set_cell("t2.fees.amount_wan", Decimal("24252.311082"))
    data = json.loads(report.to_json())
    assert data["cells"]["t2.fees.amount_wan"] == 24252.311082
    assert Report.from_json(report.to_json()).cells["t2.fees.amount_wan"] == Decimal("24252.311082")


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Report"
    assert {"meta", "sections", "cells", "raw_cells"} <= set(schema["properties"])
