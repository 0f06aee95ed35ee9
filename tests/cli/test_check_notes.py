"""`nianbao check --notes`: sections 一, 五 and 六 as written, checked against the writer's notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from assistant.drafting.verify import with_draft
from assistant.findings import SectionKey
from assistant.parsing import parse_file

Capture = pytest.CaptureFixture[str]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = FIXTURES / "samples"
WRITTEN = FIXTURES / "written"
PREVIOUS = SAMPLES / "pingtan-zone-2021.txt"
NOTES = WRITTEN / "pingtan-zone-2022-notes.txt"
WU = (WRITTEN / "pingtan-zone-2022-wu.txt").read_text("utf-8")

# A short 一 as the writer typed it: general sentences, and numbers only from the tables.
OVERVIEW = (
    "2022年，平潭综合实验区认真贯彻落实《条例》，扎实推进政府信息公开工作。\n"
    "（一）主动公开\n我区持续推进基础信息公开，通过政府门户网站集中公开现行有效的规范性文件。\n"
    "（二）依申请公开\n2022年，全区新收政府信息公开申请74件，上年结转1件，办结75件，均在法定期限内予以答复。\n"
    "（三）政府信息管理\n实验区管委会办公室印发《政府网站和政务新媒体信息内容审核发布规范》，规范信息发布流程。\n"
    "（四）政府信息公开平台建设\n我区改版提升政府门户网站，规范全区政务新媒体管理。\n"
    "（五）监督保障\n2022年，全区因政府信息公开工作被申请行政复议2件。"
)
INVENTED = "三是每季度组织依申请公开办理人员学习行政复议纠错案例"


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _report(tmp_path: Path, wu: str | None = None) -> Path:
    report = parse_file(SAMPLES / "pingtan-zone-2022.txt")
    report = with_draft(report, SectionKey.OVERVIEW, OVERVIEW)
    report = with_draft(report, SectionKey.PROBLEMS, wu or WU)
    path = tmp_path / "report.json"
    path.write_text(report.to_json(), encoding="utf-8")
    return path


def _check(capsys: Capture, report: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(capsys, "check", str(report), "--previous", str(PREVIOUS), "--format", "json", *extra)
    return code, json.loads(out)


def test_faithful_text_passes_and_json_is_the_usual_document(capsys: Capture, tmp_path: Path) -> None:
    report = _report(tmp_path)
    code, plain = _check(capsys, report)
    assert code == 0, plain
    code, doc = _check(capsys, report, "--notes", str(NOTES))
    assert code == 0, doc
    assert doc["errors"] == 0 and doc["notes"] == str(NOTES)
    findings = doc["findings"]
    assert isinstance(findings, list)
    assert not [f for f in findings if f["code"].startswith(("draft.", "cite."))], findings
    assert {k: v for k, v in doc.items() if k != "notes"}.keys() == plain.keys()


def test_invention_is_an_error_with_its_place(capsys: Capture, tmp_path: Path) -> None:
    wu = WU.replace("三是组织依申请公开办理人员学习行政复议纠错案例", INVENTED)
    report = _report(tmp_path, wu)
    code, plain = _check(capsys, report)
    assert code == 0 and not any(str(f["code"]).startswith("draft.") for f in plain["findings"])
    code, doc = _check(capsys, report, "--notes", str(NOTES))
    assert code == 1
    drafted = [f for f in doc["findings"] if f["code"].startswith("draft.")]
    assert drafted and all(f["section"] == "problems" for f in drafted)
    error = next(f for f in drafted if f["severity"] == "error")
    start, end = error["span"]
    assert "每季度" in wu[start:end]
    assert doc["errors"] == sum(f["severity"] == "error" for f in doc["findings"])
    # The text format says the same, with the place in the section.
    code, out, _ = run(capsys, "check", str(report), "--previous", str(PREVIOUS), "--notes", str(NOTES))
    assert code == 1
    line = next(ln for ln in out.splitlines() if ln.startswith("[错误] " + error["code"]))
    assert f"第五部分，第{start + 1}–{end}字" in line


def test_scope_tables_leaves_the_written_checks_out(capsys: Capture, tmp_path: Path) -> None:
    wu = WU.replace("全年发布图解解读5篇", "全年发布图解解读15篇")
    report = _report(tmp_path, wu)
    code, doc = _check(capsys, report, "--notes", str(NOTES))
    assert code == 1
    assert any(f["code"] == "draft.number_unverified" for f in doc["findings"])
    code, doc = _check(capsys, report, "--notes", str(NOTES), "--scope", "tables")
    assert code == 0 and not any(str(f["code"]).startswith("draft.") for f in doc["findings"])


def test_unreadable_notes_exit_2_and_name_the_line(capsys: Capture, tmp_path: Path) -> None:
    report = _report(tmp_path)
    notes = tmp_path / "说明.txt"
    notes.write_text("# 起草说明\n上年问题1：大体整改\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(report), "--previous", str(PREVIOUS), "--notes", str(notes))
    assert code == 2 and out == ""
    assert "说明.txt" in err and "第2行" in err
    code, _, err = run(capsys, "check", str(report), "--notes", str(tmp_path / "没有.txt"))
    assert code == 2 and "没有.txt" in err
    # Last year's problems named without last year's report.
    code, _, err = run(capsys, "check", str(report), "--notes", str(NOTES))
    assert code == 2 and "--previous" in err
