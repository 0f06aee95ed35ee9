"""`nianbao notes` (the skeleton) and `nianbao draft --notes` reading the account from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

NOTES_2022 = """\
# 起草说明
上年问题1：部分整改｜开设“政策图解”专栏，全年发布图解解读5篇
上年问题2：已整改｜开通政务新媒体账号并同步发布政府信息
上年措施3：继续实施
采纳：候选1
不采纳：候选2
措施：编制依申请公开答复指引｜责任：办公室｜时限：2023年6月底前
问题：政策解读形式仍不够丰富｜依据：全年发布图解解读5篇
措施：继续拓宽政务新媒体公开渠道｜继续：上年措施3
信息处理费：本年度未收取信息处理费
"""


@pytest.fixture(autouse=True)
def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NIANBAO_LLM", "NIANBAO_LLM_BASE_URL", "NIANBAO_LLM_MODEL", "NIANBAO_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_skeleton_is_printed(samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["notes", str(samples_dir / "pingtan-zone-2021.txt"), "--previous",
                 str(samples_dir / "pingtan-zone-2020.txt")])
    assert code == 0
    out = capsys.readouterr().out
    assert "# 起草说明：平潭综合实验区2021年" in out
    assert "# 上年问题1：基层政务公开标准化规范化水平有待进一步提升\n上年问题1：\n" in out
    assert "上年问题3：\n" in out and "上年措施4：\n" in out
    assert "# 候选1：办结的政府信息公开申请中“无法提供”的比例较高" in out


def test_skeleton_is_written_and_not_overwritten(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "notes.txt"
    args = ["notes", str(samples_dir / "pingtan-zone-2022.txt"), "--previous",
            str(samples_dir / "pingtan-zone-2021.txt"), "-o", str(out)]
    assert main(args) == 0
    assert "起草说明模板已写入" in capsys.readouterr().err
    out.write_text(out.read_text(encoding="utf-8") + "问题：已填写的内容\n", encoding="utf-8")
    assert main(args) == 2
    assert "文件已存在" in capsys.readouterr().err and "已填写的内容" in out.read_text(encoding="utf-8")
    assert main([*args, "--force"]) == 0
    assert "已填写的内容" not in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]  # no temporary file left


def test_the_skeleton_drafts_as_is(samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    report, previous = samples_dir / "pingtan-zone-2022.txt", samples_dir / "pingtan-zone-2021.txt"
    assert main(["notes", str(report), "--previous", str(previous), "-o", str(notes)]) == 0
    code = main(["draft", str(report), "--section", "五", "--previous", str(previous), "--notes", str(notes)])
    assert code == 0
    assert "整改情况：【待补充" in capsys.readouterr().out  # nothing filled in yet: gaps, not errors


def test_draft_reads_the_account_from_the_notes(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES_2022, encoding="utf-8")
    out = tmp_path / "draft.json"
    code = main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "五", "--previous",
                 str(samples_dir / "pingtan-zone-2021.txt"), "--notes", str(notes), "--facts", "-o", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "上年问题1的整改情况（撰稿人）：部分整改：开设“政策图解”专栏" in printed  # the facts sheet
    assert "本年问题1（表格数据）" in printed and "本年问题2（撰稿人）" in printed
    assert "开设“政策图解”专栏，全年发布图解解读5篇" in printed  # the draft
    assert "“无法提供”的比例较高" in printed
    assert "编制依申请公开答复指引" in printed and "政策解读形式仍不够丰富" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    cited = {f for s in data["sentences"] for f in s["facts"]}
    assert any(f.startswith("issue.") for f in cited) and any(f.startswith("plan.") for f in cited)
    assert any(f.startswith("fate.") for f in cited)


def test_draft_with_a_bad_notes_line_names_file_and_line(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("# 起草说明\n\n上年问题1：基本整改\n", encoding="utf-8")
    code = main(["draft", str(samples_dir / "pingtan-zone-2021.txt"), "--section", "五", "--previous",
                 str(samples_dir / "pingtan-zone-2020.txt"), "--notes", str(notes)])
    assert code == 2
    err = capsys.readouterr().err
    assert "起草说明（notes.txt）第3行：“基本整改”不是可用的状态" in err and "已整改、部分整改、未整改" in err


def test_previous_lines_without_previous_report(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("上年问题1：已整改\n", encoding="utf-8")
    assert main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "五", "--notes", str(notes)]) == 2
    assert "没有提供上年报告" in capsys.readouterr().err


def test_notes_on_a_missing_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notes", str(tmp_path / "none.txt")]) == 2
    assert "找不到报告文件" in capsys.readouterr().err
