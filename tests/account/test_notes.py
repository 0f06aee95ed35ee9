"""The notes file read as the account of the year (整改台账), written back, and its skeleton."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.account.candidates import candidate_problems
from assistant.account.model import Fate, Follow, PreviousProblem, ProblemOrigin, YearAccount, new_id, previous_id
from assistant.account.notes import account_lines, apply_notes, base_account, notes_skeleton, previous_items, read_lines
from assistant.errors import NianbaoError
from assistant.parsing import parse_file
from assistant.report import Report

# pingtan-zone-2021's 五: two problems and three measures; 2022's tables give two candidates
# (候选1 “无法提供” share, 候选2 a corrected 复议).
FULL = """\
# 起草说明
上年问题1：部分整改｜开设“政策图解”专栏，全年发布图解解读5篇（2022年6月上线）｜在政务新媒体同步推送
上年问题2：未整改
上年措施1：已落实｜按季度更新解读材料
上年措施3：继续实施

问题：政策解读形式不够丰富｜依据：本年主动公开政府信息198条，其中政策及解读7条
措施：制作图解和短视频解读｜责任：办公室｜时限：2023年6月底前
反馈：市政务公开办2022年第三季度通报｜政策解读栏目更新不及时
措施：建立解读栏目周更新机制
采纳：候选1
不采纳：候选2
采纳：上年问题2
措施：继续拓宽政务新媒体公开渠道｜继续：上年措施3
措施：加强政策解读跟踪评估｜针对：上年问题1
措施：规范依申请公开答复｜针对：问题3
信息处理费：本年度未收取信息处理费
主动公开：全年主动公开政府信息198条
"""


@pytest.fixture(scope="module")
def pair(samples_dir_module: Path) -> tuple[Report, Report]:
    return (parse_file(samples_dir_module / "pingtan-zone-2022.txt"),
            parse_file(samples_dir_module / "pingtan-zone-2021.txt"))


@pytest.fixture(scope="module")
def samples_dir_module() -> Path:
    return Path(__file__).parent.parent / "fixtures" / "samples"


def _read(text: str, report: Report, previous: Report | None) -> YearAccount:
    return apply_notes(text.splitlines(), report, previous).account


def _error(text: str, report: Report, previous: Report | None) -> str:
    with pytest.raises(NianbaoError) as caught:
        apply_notes(text.splitlines(), report, previous)
    return str(caught.value)


def test_full_example(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    reading = apply_notes(FULL.splitlines(), report, previous)
    assert reading.notes == ["信息处理费：本年度未收取信息处理费", "主动公开：全年主动公开政府信息198条"]
    account = reading.account
    problems, measures = previous_items(previous)
    first, second = account.previous_problems
    assert first.id == previous_id(problems[0]) and first.status is Fate.PARTIAL
    assert first.actions == ["开设“政策图解”专栏，全年发布图解解读5篇（2022年6月上线）", "在政务新媒体同步推送"]
    assert second.status is Fate.OPEN and second.actions == []
    assert [(m.status, m.how) for m in account.previous_measures] == [
        (Follow.DONE, "按季度更新解读材料"), (None, ""), (Follow.CONTINUING, "")]
    writer, feedback, adopted, unresolved = account.problems
    assert (writer.text, writer.origin, writer.evidence) == (
        "政策解读形式不够丰富", ProblemOrigin.WRITER, ["本年主动公开政府信息198条，其中政策及解读7条"])
    assert (feedback.text, feedback.origin, feedback.source) == (
        "政策解读栏目更新不及时", ProblemOrigin.FEEDBACK, "市政务公开办2022年第三季度通报")
    assert adopted.candidate == "cand.unable_share" and adopted.origin is ProblemOrigin.TABLES
    assert adopted.facts == ["t3.handled_total.total", "d.unable", "d.share.unable"]
    assert unresolved.candidate == "cand.unresolved." + second.id.partition(".")[2]
    assert account.dismissed == ["cand.corrected"]
    targets = [(m.text, m.problem) for m in account.measures]
    assert targets == [
        ("制作图解和短视频解读", writer.id),
        ("建立解读栏目周更新机制", feedback.id),  # the nearest 问题/反馈/采纳 line above
        ("继续拓宽政务新媒体公开渠道", unresolved.id),
        ("加强政策解读跟踪评估", first.id),
        ("规范依申请公开答复", adopted.id),
    ]
    made = account.measures[0]
    assert (made.owner, made.deadline) == ("办公室", "2023年6月底前")
    assert account.measures[2].continues == previous_id(measures[2], measure=True)


def test_ids_come_from_new_id_and_are_stable(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    one, two = _read(FULL, report, previous), _read(FULL, report, previous)
    assert one == two
    assert one.problems[0].id == new_id("p", set(), "政策解读形式不够丰富")
    assert one.measures[0].id == new_id("m", {one.problems[0].id}, "制作图解和短视频解读")


def test_half_width_and_bracketed_forms_read_the_same(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    half = FULL.replace("：", ":").replace("｜", "|")
    assert _read(half, report, previous) == _read(FULL, report, previous)
    bracketed = "【上年问题二】未整改\n【问题】目录更新不及时\n[措施]建立季度核对机制｜时限：2023年底前"
    account = _read(bracketed, report, previous)
    assert account.previous_problems[1].status is Fate.OPEN
    assert account.problems[0].text == "目录更新不及时"
    assert account.measures[0].problem == account.problems[0].id


def test_plain_notes_are_kept_as_before(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    plain = ["整改：针对政策解读形式单一问题，全年制作图解解读12期", "上年问题：已全部整改",
             "平台建设：完成门户网站改版", "本年度组织培训2次", "问题1：这不是台账行"]
    reading = apply_notes(["# 注释", "", *plain], report, previous)
    assert reading.notes == plain
    assert reading.account == base_account(report, previous)


def test_measure_before_any_problem_and_no_target(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    account = _read("措施：加强培训\n问题：目录更新不及时\n措施：建立机制｜针对：无", report, previous)
    assert [m.problem for m in account.measures] == [None, None]


def test_notes_win_over_the_saved_account(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    problems, _ = previous_items(previous)
    saved = YearAccount(previous_problems=[
        PreviousProblem(id=previous_id(problems[0]), text=problems[0], status=Fate.FIXED, actions=["已开设专栏"])])
    with_saved = report.model_copy(update={"account": saved})
    account = _read("上年问题1：未整改", with_saved, previous)
    assert account.previous_problems[0].status is Fate.OPEN
    assert account.previous_problems[0].actions == ["已开设专栏"]  # not said again: kept
    account = _read("上年问题1：｜改版专栏", with_saved, previous)
    assert (account.previous_problems[0].status, account.previous_problems[0].actions) == (Fate.FIXED, ["改版专栏"])


def test_repeated_lines_do_not_duplicate(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    text = "问题：目录更新不及时\n问题：目录更新不及时。｜依据：全年更新2次\n采纳：候选1\n采纳：cand.unable_share"
    account = _read(text, report, previous)
    assert [p.text for p in account.problems] == ["目录更新不及时", account.problems[1].text]
    assert account.problems[0].evidence == ["全年更新2次"]
    assert len(account.problems) == 2


def test_adopt_with_own_wording(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    account = _read("采纳：候选1｜“无法提供”答复占比偏高", report, previous)
    (problem,) = account.problems
    assert problem.text == "“无法提供”答复占比偏高" and problem.candidate == "cand.unable_share"


@pytest.mark.parametrize(("text", "needle"), [
    ("# 注释\n\n问题：甲乙丙\n\n上年问题3：已整改",
     "起草说明第5行：没有“上年问题3”：上年报告第五部分提出的问题只有2条（上年问题1至上年问题2）"),
    ("上年措施4：已落实", "起草说明第1行：没有“上年措施4”"),
    ("上年问题1：基本整改", "起草说明第1行：“基本整改”不是可用的状态：请写已整改、部分整改、未整改之一"),
    ("上年措施1：已完成", "已落实、部分落实、未落实、继续实施"),
    ("采纳：候选9", "起草说明第1行：没有“候选9”：根据表格数据提示的候选问题共有2条（候选1至候选2）"),
    ("采纳：cand.nothing", "没有候选问题“cand.nothing”"),
    ("采纳：上年问题1", "上年问题1没有标为“未整改”"),
    ("问题：甲乙丙\n措施：丁戊己｜针对：问题5", "起草说明第2行：“针对：问题5”不存在：本年问题只有1个"),
    ("措施：丁戊己｜针对：问题1", "起草说明第1行：“针对：问题1”不存在：本年问题还没有"),
    ("措施：丁戊己｜针对：上年问题7", "起草说明第1行：没有“上年问题7”"),
    ("措施：丁戊己｜针对：那个问题", "“针对：那个问题”无法识别"),
    ("措施：丁戊己｜针对：候选2", "所指的候选问题没有采纳"),
    ("措施：丁戊己｜负责：办公室", "措施行中的“负责：办公室”无法识别"),
    ("措施：丁戊己｜继续：上年的", "“继续：上年的”无法识别"),
    ("问题：甲乙丙｜时限：年底", "问题行中的“时限”无法识别"),
    ("反馈：市政务公开办通报", "反馈行请写成“反馈：来源｜问题”"),
    ("采纳：候选1\n不采纳：候选1", "起草说明第2行：候选问题 cand.unable_share 已在第1行写了“采纳”"),
])
def test_errors_name_the_line(pair: tuple[Report, Report], text: str, needle: str) -> None:
    report, previous = pair
    assert needle in _error(text, report, previous)


def test_previous_lines_without_last_years_report(pair: tuple[Report, Report]) -> None:
    report, _ = pair
    message = _error("问题：甲乙丙\n上年问题1：已整改", report, None)
    assert message.startswith("起草说明第2行：") and "没有提供上年报告" in message
    assert "没有提供上年报告" in _error("措施：甲乙丙｜继续：上年措施1", report, None)


def test_source_names_the_file(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    with pytest.raises(NianbaoError, match=r"起草说明（notes\.txt）第1行"):
        apply_notes(["上年问题9：已整改"], report, previous, source="起草说明（notes.txt）")


def test_empty_lines_change_nothing(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    empty = "上年问题1：\n上年措施2：\n问题：\n反馈：\n采纳：\n不采纳：\n措施："
    assert _read(empty, report, previous) == base_account(report, previous)


def test_account_lines_round_trip(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    account = _read(FULL + "采纳：候选1｜“无法提供”占比偏高\n措施：总体推进｜针对：无\n", report, previous)
    lines = account_lines(account, report, previous)
    assert "采纳：cand.unable_share｜“无法提供”占比偏高" in lines and "不采纳：cand.corrected" in lines
    assert _read("\n".join(lines), report, previous) == account
    saved = report.model_copy(update={"account": account})
    assert _read("\n".join(lines), saved, previous) == account
    assert account_lines(_read("\n".join(lines), report, previous), report, previous) == lines


def test_account_lines_without_previous(pair: tuple[Report, Report]) -> None:
    report, _ = pair
    text = "问题：目录更新不及时｜依据：全年更新2次\n措施：建立季度核对机制｜责任：办公室\n采纳：候选2"
    account = _read(text, report, None)
    lines = account_lines(account, report, None)
    assert lines == ["问题：目录更新不及时｜依据：全年更新2次", "采纳：cand.corrected",
                     "措施：建立季度核对机制｜针对：问题1｜责任：办公室"]
    assert _read("\n".join(lines), report, None) == account


def test_skeleton_reads_back_unchanged(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    skeleton = notes_skeleton(report, previous)
    problems, measures = previous_items(previous)
    assert "上年问题1：\n" in skeleton and f"# 上年问题2：{problems[1]}" in skeleton
    assert "上年措施3：\n" in skeleton and f"# 上年措施1：{measures[0]}" in skeleton
    candidates = candidate_problems(report, previous)
    assert f"# 候选1：{candidates[0].text}" in skeleton and f"#    依据：{candidates[1].evidence}" in skeleton
    assert "2023年6月底前" in skeleton  # examples speak of next year
    reading = apply_notes(skeleton.splitlines(), report, previous)
    assert reading.notes == [] and reading.account == base_account(report, previous)


def test_skeleton_without_previous_and_with_a_saved_account(pair: tuple[Report, Report]) -> None:
    report, previous = pair
    skeleton = notes_skeleton(report, None)
    assert "未提供上年报告" in skeleton and "\n上年问题" not in skeleton
    assert apply_notes(skeleton.splitlines(), report, None).account == report.account
    account = _read(FULL, report, previous)
    saved = report.model_copy(update={"account": account})
    skeleton = notes_skeleton(saved, previous)
    assert "上年问题1：部分整改｜开设" in skeleton and "# 候选" not in skeleton  # both candidates decided
    assert _read(skeleton, saved, previous) == account
    assert _read(skeleton, report, previous) == account  # the skeleton alone carries the account


def test_read_lines_keeps_numbering_and_reports_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("\ufeff# 注释\n\n问题：甲\n", encoding="utf-8")
    assert read_lines(path) == ["# 注释", "", "问题：甲"]
    path.write_bytes("问题".encode("gbk"))
    with pytest.raises(NianbaoError, match="不是 UTF-8"):
        read_lines(path)
    with pytest.raises(NianbaoError, match="无法读取"):
        read_lines(tmp_path / "missing.txt")


def test_documented_example_reads(pair: tuple[Report, Report]) -> None:
    """The example in the README's section on the notes reads as it says."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Notes for drafting", 1)[1].split("\n## ", 1)[0]
    example = section.split("```text\n", 1)[1].split("```", 1)[0]
    report, previous = pair
    reading = apply_notes(example.splitlines(), report, previous)
    assert reading.notes == ["信息处理费：本年度未收取信息处理费"]
    assert len(reading.account.problems) == 3 and len(reading.account.measures) == 3
    assert reading.account.measures[2].problem == reading.account.previous_problems[0].id
