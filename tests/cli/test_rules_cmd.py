"""`nianbao rules`: every code with its severity, source and explanation; the office's setting shown."""

from __future__ import annotations

import json

import pytest

from assistant.checks.rules import RULES, SourceKind
from assistant.cli import main

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_every_rule_with_its_source(capsys: Capture) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for rule in RULES.values():
        assert f"{rule.code}　" in out
    assert ("t3.column_balance　错误　表三某列第一项加第二项之和不等于第三项加第四项之和\n"
            "    依据（年报格式）：国办公开办函〔2021〕30号 附件 表三 说明：“本列数据的勾稽关系为：第一项加第二项之和，"
            "等于第三项加第四项之和”") in out
    assert "依据（实务）：复议后起诉的案件来自本年或以往年度的复议，通常不多于行政复议" in out
    assert "另：未以“规定：”等明确引出的引文为提示" in out
    assert f"共 {len(RULES)} 条规则：" in out
    assert out.count("【表三】") == 1  # a family is listed in one piece


def test_one_family_as_json(capsys: Capture) -> None:
    code, out, _ = run(capsys, "rules", "--family", "cite", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [r["code"] for r in listed] == [c for c in RULES if c.startswith("cite.")]
    docno = next(r for r in listed if r["code"] == "cite.docno_format")
    assert docno["severity"] == docno["configured_severity"] == "warning"
    assert docno["source"]["kind"] == SourceKind.STANDARD.value and docno["adjustable"] is False
    assert docno["source"]["clause"].startswith("GB/T 9704—2012")


def test_an_unknown_family_is_named(capsys: Capture) -> None:
    code, _, err = run(capsys, "rules", "--family", "t9")
    assert code == 2
    assert "没有“t9”类规则" in err and "t3" in err


def test_the_office_setting_is_shown(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_RULE_SEVERITY", "struct.placeholder=warning")
    code, out, _ = run(capsys, "rules", "--family", "struct")
    assert code == 0
    assert "struct.placeholder　提示（本单位设置，原为错误）" in out
    code, out, _ = run(capsys, "rules", "--family", "struct", "--format", "json")
    placeholder = next(r for r in json.loads(out) if r["code"] == "struct.placeholder")
    assert (placeholder["severity"], placeholder["configured_severity"]) == ("error", "warning")
    monkeypatch.setenv("NIANBAO_RULE_SEVERITY", "struct.missing=warning")
    code, _, err = run(capsys, "rules")
    assert code == 2 and "struct.missing" in err and "不能调整严重程度" in err
