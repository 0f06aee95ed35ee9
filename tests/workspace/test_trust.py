"""What makes the workspace trustworthy: the export gate holds back placeholders and unfilled cells
of the national form, replacing actions can be undone, history entries read as Chinese and show
what a restore changes, last year's numbers left in this year's text are found, the chat is kept."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from assistant.parsing import parse_file
from assistant.report import Report
from assistant.workspace import OpenReport, Workspace, start_blank, start_from_previous
from assistant.workspace.records import ChatMessage
from assistant.workspace.review import form_gaps, stale_numbers, unresolved_cells
from assistant.workspace.store import compare_reports, readable_note
from testdata.synth import synthetic_report

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture
def clean() -> Report:
    """A report with no error at all: blank tables (all 0) and six written sections."""
    report = start_blank("临川县民政局", 2024)
    report.sections[0].text = ("2024年，临川县民政局认真贯彻落实《中华人民共和国政府信息公开条例》，"
                               "扎实推进政务公开工作。")
    return report


def opened(tmp_path: Path, report: Report, previous: Report | None = None) -> OpenReport:
    folder = Workspace(tmp_path / "data", snapshot_every=3600).create(report, "测试", previous=previous)
    return OpenReport(folder)


# --- the export gate -------------------------------------------------------------------------------


def test_a_blank_cell_blocks_export_until_filled_or_a_reason_is_recorded(tmp_path: Path) -> None:
    current = opened(tmp_path, synthetic_report(random.Random(7), agency="临川县民政局", year=2024))
    current.recheck()
    errors_before = [f for f in current.findings if f.is_error]
    assert current.gate().gaps == ()
    current.set_cell("t4.review.upheld", "")  # blank
    current.set_cell("t4.review.corrected", "/")  # the form's “nothing”, printed as a slash
    gate = current.gate()
    [gap] = gate.gaps
    assert gap.finding.code == "t4.unfilled" and gap.finding.cell == "t4.review.upheld"
    assert gap.finding.cells == ("t4.review.corrected",)
    assert "“结果维持”“结果纠正”列为空" in gap.finding.message
    assert gate.blocked and "2 个表格单元格未填数字" in gate.message() and "导出已被阻止" in gate.message()
    # The checks report the blanks too (nianbao check says so as a warning).
    assert any(f.code == "t4.blank" and f.cell == "t4.review.upheld" for f in current.recheck())
    # A reason covers them (as it covers errors); a new gap blocks again.
    current.override_export("表四数据待法制科确认")
    assert not current.gate().blocked
    current.set_cell("t3.new.natural", "")
    assert current.gate().blocked
    # Filled: nothing holds export back any more (the report's own errors aside).
    for cell in ("t4.review.upheld", "t4.review.corrected", "t3.new.natural"):
        current.set_cell(cell, "0")
    assert current.gate().gaps == ()
    assert len(current.gate().errors) >= len(errors_before) - 1


def test_text_where_a_number_is_due_and_missing_cells_are_gaps(clean: Report) -> None:
    clean.cells["t2.fees.amount_wan"] = None
    clean.raw_cells["t2.fees.amount_wan"] = "见附件"
    del clean.cells["t3.carried_out.total"]
    messages = {f.cell: f.message for f in form_gaps(clean)}
    assert "填的不是数字" in messages["t2.fees.amount_wan"]
    assert "未能读取" in messages["t3.carried_out.total"]


def test_a_run_together_number_with_several_splits_blocks_export(tmp_path: Path) -> None:
    report = parse_file(SAMPLES / "pingtan-zone-2022.txt")
    assert report.ambiguities, "the sample prints 表二's 规范性文件 row run together"
    unresolved = unresolved_cells(report)
    assert unresolved == {"t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"}
    current = opened(tmp_path, report)
    assert not [f for f in current.findings if f.is_error]  # no error: export was allowed before
    gate = current.gate()
    assert gate.blocked and gate.gaps[0].finding.code == "t2.unfilled"
    assert "有多种拆分" in gate.gaps[0].finding.message
    # The checks say so as well (the parser's warning is kept with the report).
    assert any(f.code == "parse.ambiguous_split" for f in run_checks(report))
    for cell, value in (("t2.normative.issued", "88"), ("t2.normative.repealed", "5"),
                        ("t2.normative.in_force", "698")):
        current.set_cell(cell, value)
    assert unresolved_cells(current.report) == set() and not current.gate().blocked


def test_placeholders_block_export(tmp_path: Path, clean: Report) -> None:
    current = opened(tmp_path, clean)
    current.set_text(SectionKey.PROBLEMS, "一是政策解读形式较为单一，图解、视频解读运用不足。下一步将围绕重要政策"
                                          "制作图解和短视频解读，提高解读的可读性和传播力。")
    current.set_text(SectionKey.OTHER, "本年度未收取信息处理费。")
    assert not current.gate().blocked, current.gate().message()
    assert "可以导出" in current.gate().message()
    current.set_text(SectionKey.OTHER, "本年度未收取信息处理费。【待补充：政务公开工作要点落实情况】")
    gate = current.gate()
    assert gate.blocked
    assert any(i.finding.code == "struct.placeholder" for i in gate.errors)


# --- undo ----------------------------------------------------------------------------------------


def test_undo_an_accepted_draft_and_a_ledger_fill(tmp_path: Path, clean: Report) -> None:
    current = opened(tmp_path, clean)
    assert current.last_replacement() is None
    with pytest.raises(NianbaoError, match="没有可以撤销的操作"):
        current.undo()
    current.set_text(SectionKey.PROBLEMS, "我写的：专栏更新不及时。")
    assert current.has_writer_text(SectionKey.PROBLEMS)
    current.replace_section(SectionKey.PROBLEMS, "起草稿：一是专栏更新不及时。",
                            "接受起草稿（五、存在的主要问题及改进情况）")
    assert current.report.text(SectionKey.PROBLEMS) == "起草稿：一是专栏更新不及时。"
    assert not current.has_writer_text(SectionKey.PROBLEMS)  # the draft is not the writer's text
    # The generic replacing action (a ledger fill uses it) is undone the same way, last first.
    filled = current.report.model_copy(deep=True)
    filled.set_cell("t3.new.natural", 26)
    current.replace(filled, "从台账 台账.xlsx 填入表格")
    last = current.last_replacement()
    assert last is not None and last.action == "从台账 台账.xlsx 填入表格"
    assert current.undo().action == "从台账 台账.xlsx 填入表格"
    assert current.report.cell("t3.new.natural") == 0
    assert current.report.text(SectionKey.PROBLEMS) == "起草稿：一是专栏更新不及时。"
    record = current.undo()
    assert record.action == "接受起草稿（五、存在的主要问题及改进情况）"
    assert current.report.text(SectionKey.PROBLEMS) == "我写的：专栏更新不及时。"
    assert current.has_writer_text(SectionKey.PROBLEMS)  # and it is the writer's again
    assert current.folder.load() == current.report  # saved
    notes = [v.note for v in current.folder.versions()]
    assert notes[0] == "撤销：接受起草稿（五、存在的主要问题及改进情况）"
    assert "撤销“接受起草稿（五、存在的主要问题及改进情况）”之前" in notes
    assert current.last_replacement() is None


def test_a_restore_can_be_undone(tmp_path: Path, clean: Report) -> None:
    current = opened(tmp_path, clean)
    first = current.folder.versions()[0]
    current.set_text(SectionKey.OTHER, "改过的第六部分")
    current.restore(first.id)
    assert current.report.text(SectionKey.OTHER) == ""
    record = current.last_replacement()
    assert record is not None and record.action.startswith("恢复到 ") and record.action.endswith("的版本")
    current.undo()
    assert current.report.text(SectionKey.OTHER) == "改过的第六部分"


# --- history -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("note", "readable"), [
    ("接受模板生成文本（未使用大模型，请补充【待补充】处并润色）（problems）",
     "接受起草稿（五、存在的主要问题及改进情况）"),
    ("接受起草稿（overview）之前", "接受起草稿（一、总体情况）之前"),
    ("恢复版本 20250106T090512 之前", "恢复版本（01-06 09:05:12）之前"),
    ("从版本 20250106T090512 恢复", "从版本（01-06 09:05:12）恢复"),
    ("自动保存", "自动保存"),
])
def test_history_entries_read_as_chinese(note: str, readable: str) -> None:
    assert readable_note(note) == readable


def test_version_titles_have_no_codes(tmp_path: Path, clean: Report) -> None:
    current = opened(tmp_path, clean)
    current.replace_section(SectionKey.PROBLEMS, "草稿", "接受起草稿（五、存在的主要问题及改进情况）")
    titles = [v.title for v in current.folder.versions()]
    assert all(not any(k.value in t for k in SectionKey) for t in titles), titles
    assert any("接受起草稿（五、存在的主要问题及改进情况）" in t for t in titles)


def test_compare_a_version_before_restoring(tmp_path: Path, clean: Report) -> None:
    current = opened(tmp_path, clean)
    first = current.folder.versions()[0]
    current.set_text(SectionKey.OTHER, "本年度未收取信息处理费。")
    current.set_cell("t3.new.natural", "4")
    changes = current.compare_version(first.id)
    assert [(c.kind, c.where, c.before, c.after) for c in changes] == [
        ("text", "六、其他需要报告的事项", "本年度未收取信息处理费。", ""),
        ("cell", "表三“一、本年新收政府信息公开申请数量”行“自然人”列", "4", "0"),
    ]
    assert {c.ref for c in changes} == {"other", "t3.new.natural"}
    assert compare_reports(clean, clean) == []


# --- last year's numbers ---------------------------------------------------------------------------


def test_last_years_numbers_in_copied_text_are_found() -> None:
    previous = parse_file(SAMPLES / "pingtan-zone-2021.txt")
    report = start_from_previous(previous)
    found = stale_numbers(report, previous)
    shown = {report.text(f.section)[f.span[0]:f.span[1]] for f in found if f.span and f.section}
    assert {"2645", "70", "69"} <= shown
    assert all(f.code == "text.stale_number" and not f.is_error for f in found)
    assert not any(f.section is SectionKey.PREFACE for f in found)  # address, post code, phone
    # A number the writer updated is no longer reported; one that matches this year's cells is not.
    overview = report.section(SectionKey.OVERVIEW)
    assert overview is not None
    overview.text = overview.text.replace("政府信息2645条", "政府信息3012条")
    report.set_cell("t3.new.total", 70)
    again = {report.text(f.section)[f.span[0]:f.span[1]] for f in stale_numbers(report, previous)
             if f.span and f.section}
    assert "2645" not in again and "3012" not in again and "70" not in again and "69" in again
    assert stale_numbers(report, None) == []


def test_stale_numbers_are_in_the_review_list(tmp_path: Path) -> None:
    from assistant.workspace.review import written_review

    previous = parse_file(SAMPLES / "pingtan-zone-2021.txt")
    current = opened(tmp_path, start_from_previous(previous), previous)
    items = written_review(current.findings, current.report, current.previous, "", [])
    assert any(i.finding.code == "text.stale_number" for i in items)
    assert current.stale_numbers(SectionKey.OVERVIEW)
    assert current.stale_numbers(SectionKey.PROBLEMS) == []


# --- the chat ----------------------------------------------------------------------------------------


def test_the_chat_is_kept_with_the_report(tmp_path: Path, clean: Report) -> None:
    current = opened(tmp_path, clean)
    assert current.folder.chat() == []
    messages = [ChatMessage(role="user", content="第二十条第（五）项是什么"),
                ChatMessage(role="assistant", content="**第二十条第（五）项**……" * 200)]
    current.folder.save_chat(messages)
    assert OpenReport(current.folder).folder.chat() == messages
    current.folder.chat_path.write_text("{broken", encoding="utf-8")
    assert current.folder.chat() == []  # a record only: a broken file is an empty chat
