"""`nianbao ledger template|fill|explain`, and the round trip into `nianbao check`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.cli import ledger_cmds
from assistant.errors import NianbaoError
from assistant.report import Report
from tests.ledger.sheets import APP_HEADER, CASE_HEADER, T2_HEADER, table2_rows, write_csv
from tests.ledger.test_fill import APPS, CASES, write_set


def ledger_main(argv: Sequence[str]) -> int:
    """The ledger commands alone, with the entry point's error handling."""
    parser = argparse.ArgumentParser(prog="nianbao")
    ledger_cmds.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except NianbaoError as exc:
        print(f"错误：{exc}")
        return 2
    return code


def test_registered_in_the_entry_point() -> None:
    from assistant.cli import COMMAND_MODULES

    assert "assistant.cli.ledger_cmds" in COMMAND_MODULES


def test_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ledger_main(["ledger", "template", str(tmp_path / "t"), "--format", "xlsx"]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "填写说明.txt", "复议诉讼台账.xlsx", "申请台账.xlsx", "表二.xlsx"]
    assert "申请台账.xlsx" in capsys.readouterr().out


def test_fill_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apps, cases, t2 = write_set(tmp_path, "gb18030")
    out = tmp_path / "report.json"
    code = ledger_main(["ledger", "fill", str(apps), "--year", "2024", "--cases", str(cases),
                        "--table2", str(t2), "-o", str(out), "--agency", "某局",
                        "--today", "2025-01-10"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "申请台账：申请台账.csv（编码 gb18030），读取 8 行，计入2024年度 6 行" in text
    assert "表三：本年新收 3 件，上年结转 3 件，办结 3 件，结转下年度 3 件" in text
    assert "表四：行政复议 2 件，行政诉讼 2 件" in text
    report = Report.from_json(out.read_bytes())
    assert (report.meta.agency, report.cells["t3.new.total"]) == ("某局", 3)
    assert (tmp_path / "report.provenance.json").is_file()


def test_fill_with_errors_writes_the_report_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = write_csv(tmp_path / "申请台账.csv", APP_HEADER,
                     [*APPS, ("X-1", "2024-05-01", "企业", None, None, None)])
    out = tmp_path / "r.json"
    code = ledger_main(["ledger", "fill", str(apps), "--year", "2024", "-o", str(out),
                        "--today", "2025-01-10"])
    text = capsys.readouterr().out
    assert code == 1
    assert "台账中发现 1 个问题：" in text
    assert "  申请台账.csv 第10行：申请人类型“企业”无法识别，是否为“商业企业”？（该行未计入统计）" in text
    assert "报告已写出，但只包含能读取的行" in text
    assert "表二：未提供表二台账，表二留空" in text
    assert Report.from_json(out.read_bytes()).cells["t3.new.total"] == 3
    provenance = json.loads((tmp_path / "r.provenance.json").read_text(encoding="utf-8"))
    assert provenance["issues"][0]["row"] == 10


def test_fill_against_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apps, _, _ = write_set(tmp_path, "utf-8")
    last = Report.blank(year=2023)
    last.set_cell("t3.carried_out.natural", 2)
    last.set_cell("t3.carried_out.total", 2)
    previous = tmp_path / "2023.json"
    previous.write_text(last.to_json(), encoding="utf-8")
    code = ledger_main(["ledger", "fill", str(apps), "--year", "2024", "--previous",
                        str(previous), "-o", str(tmp_path / "r.json"), "--today", "2025-01-10"])
    text = capsys.readouterr().out
    assert code == 1
    assert ("[错误] 表三“二、上年结转”“自然人”列：台账算得 1 件，上年报告 2023.json“四、结转下年度"
            "继续办理”为 2 件，少 1 件") in text


def test_fill_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_csv(tmp_path / "a.csv", ("编号", "日期"), [])
    assert ledger_main(["ledger", "fill", str(bad), "--year", "2024",
                        "-o", str(tmp_path / "r.json")]) == 2
    assert "找不到申请台账的表头" in capsys.readouterr().out
    assert not (tmp_path / "r.json").exists()


def test_fill_rejects_a_bad_year(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        ledger_main(["ledger", "fill", "a.csv", "--year", "24", "-o", str(tmp_path / "r.json")])


def test_explain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apps, cases, t2 = write_set(tmp_path, "utf-8")
    out = tmp_path / "r.json"
    ledger_main(["ledger", "fill", str(apps), "--year", "2024", "--cases", str(cases),
                 "--table2", str(t2), "-o", str(out), "--today", "2025-01-10"])
    capsys.readouterr()
    assert ledger_main(["ledger", "explain", str(out), "t3.carried_in.total"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("t3.carried_in.total：表三“二、上年结转政府信息公开申请数量”行“总计”列 = 3")
    assert "  第6行  编号 2023-051" in text
    assert ledger_main(["ledger", "explain", str(out), "t4.review.total", "--format",
                        "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [r["values"]["编号"] for r in found["rows"]] == ["F1", "F2"]
    assert ledger_main(["ledger", "explain", str(out), "t3.nope.total"]) == 2
    (tmp_path / "r.provenance.json").unlink()
    assert ledger_main(["ledger", "explain", str(out), "t3.new.total"]) == 2
    assert "来源记录文件不存在" in capsys.readouterr().out


def test_round_trip_into_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ledger → report → `nianbao check --scope tables` finds no error."""
    from assistant.cli import main

    apps = write_csv(tmp_path / "申请台账.csv", APP_HEADER, APPS)
    cases = write_csv(tmp_path / "复议诉讼台账.csv", CASE_HEADER, CASES)
    t2 = write_csv(tmp_path / "表二.csv", T2_HEADER, table2_rows(normative_issued=3,
                                                                 normative_in_force=40))
    out = tmp_path / "report.json"
    assert main(["ledger", "fill", str(apps), "--year", "2024", "--cases", str(cases),
                 "--table2", str(t2), "-o", str(out), "--today", "2025-01-10"]) == 0
    capsys.readouterr()
    code = main(["check", str(out), "--scope", "tables"])
    assert code == 0, capsys.readouterr().out


def test_fill_with_an_unreadable_previous_warns_and_fills(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    apps, _, _ = write_set(tmp_path, "utf-8")
    previous = tmp_path / "2023.pdf"
    previous.write_bytes(b"%PDF-1.4\n% damaged\n")
    out = tmp_path / "r.json"
    code = ledger_main(["ledger", "fill", str(apps), "--year", "2024", "--previous", str(previous),
                        "-o", str(out), "--today", "2025-01-10"])
    captured = capsys.readouterr()
    assert code in (0, 1)
    assert "警告：上一年度报告" in captured.err and "2023.pdf" in captured.err and "不核对上年结转" in captured.err
    assert Report.from_json(out.read_bytes()).cells["t3.new.total"] is not None
