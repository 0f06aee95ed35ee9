"""Citation checker: forms, planted errors, correct citations and the real samples."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from assistant.citations import NOT_VERIFIABLE, Outcome, check_text, find_citations
from assistant.citations.docno import DocNoForm, find_doc_nos
from assistant.findings import Severity
from tests.retrieval.citation_cases import CORRECT, PLANTED, Correct, Planted

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"


def _targets(text: str) -> list[tuple[int, int | None, int | None]]:
    return [(t.article, t.paragraph, t.item) for c in find_citations(text) for t in c.targets]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《条例》第二十条第（五）项", [(20, None, 5)]),
        ("第二十条第(一)项", [(20, None, 1)]),
        ("《条例》第十九条、第二十条", [(19, None, None), (20, None, None)]),
        ("《条例》第三十一、三十二条", [(31, None, None), (32, None, None)]),
        ("《条例》第二十条至第二十二条", [(20, None, None), (21, None, None), (22, None, None)]),
        ("《条例》第五十条第一款第（四）项", [(50, 1, 4)]),
        ("《条例》第二十条第（一）、（五）项", [(20, None, 1), (20, None, 5)]),
        ("《条例》第二十条第（五）项、第（六）项", [(20, None, 5), (20, None, 6)]),
        ("《条例》第三十六条第（一）至（三）项", [(36, None, 1), (36, None, 2), (36, None, 3)]),
        ("《条例》第49条", [(49, None, None)]),
        ("《条例》第五十条第四项", [(50, None, 4)]),
        ("《条例》第三十三条第二款", [(33, 2, None)]),
        ("《条例》第十四条和第十五条及第十六条", [(14, None, None), (15, None, None), (16, None, None)]),
    ],
)
def test_citation_forms(text: str, expected: list[tuple[int, int | None, int | None]]) -> None:
    assert _targets(text) == expected


def test_law_names_declarations_and_context() -> None:
    text = (
        "根据《中华人民共和国行政诉讼法》（以下简称行政诉讼法）、《中华人民共和国政府信息公开条例》（以下简称政府信息公开条例）"
        "的规定。行政诉讼法第二十五条第一款；政府信息公开条例第十四条、第十五条。依据新《条例》第三条，以及第四条。"
    )
    found = [(c.law_key, [t.article for t in c.targets]) for c in find_citations(text) if c.targets]
    assert found == [
        ("中华人民共和国行政诉讼法", [25]),
        ("中华人民共和国政府信息公开条例", [14, 15]),
        ("新条例", [3]),
        ("新条例", [4]),  # a bare 第四条 takes the law named earlier in the sentence
    ]


def test_bare_tiaoli_only_after_a_boundary() -> None:
    assert [c.law_key for c in find_citations("依据条例第十条") if c.targets] == ["条例"]
    assert [c.law_key for c in find_citations("《优化营商环境条例》第十条") if c.targets] == ["优化营商环境条例"]
    # a bare 第十条 after another law's name (without 《》) is not taken for the 条例's own name
    citation = next(c for c in find_citations("优化营商环境条例第十条") if c.targets)
    assert citation.implicit


def test_spans_point_at_the_written_text() -> None:
    text = "依据《条例》第二十条第（五）项、第（十六）项公开。"
    checks = check_text(text, year=2022)
    wrong = [c for c in checks if c.finding]
    assert len(wrong) == 1
    span = wrong[0].finding.span if wrong[0].finding else None
    assert span is not None and text[span[0]:span[1]] == "第（十六）项"
    right = next(c for c in checks if c.ref == "tiaoli-2019.a20.p1.i5")
    assert right.resolved_text == "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；"


def test_doc_no_forms() -> None:
    text = "国办公开办函〔2021〕30号、国办函[2020]109号、国令第711号、国务院令第711号"
    mentions = find_doc_nos(text, ("国办公开办函", "国办函"))
    assert [(m.issuer, m.number, m.form) for m in mentions] == [
        ("国办公开办函", 30, DocNoForm.STANDARD),
        ("国办函", 109, DocNoForm.BRACKETS),
        ("国务院令", 711, DocNoForm.MALFORMED),
        ("国务院令", 711, DocNoForm.STANDARD),
    ]
    assert [m.text for m in find_doc_nos("按照国办发〔2020〕17号要求")] == ["国办发〔2020〕17号"]


def test_the_test_set_is_large_enough() -> None:
    assert len(PLANTED) >= 30 and len(CORRECT) >= 30
    assert {p.code for p in PLANTED} >= {
        "cite.article_missing", "cite.old_numbering", "cite.misquote", "cite.docno_malformed", "cite.law_unknown",
    }


@pytest.mark.parametrize("case", PLANTED, ids=[p.text[:18] for p in PLANTED])
def test_every_planted_error_is_found(case: Planted) -> None:
    findings = [c.finding for c in check_text(case.text, year=case.year) if c.finding]
    matching = [f for f in findings if f.code == case.code]
    assert matching, f"没有发现 {case.code}：{[f.message for f in findings]}"
    finding = matching[0]
    assert finding.span is not None
    assert case.text[finding.span[0]:finding.span[1]] == case.underlined
    assert re.search(r"[\u4e00-\u9fff]", finding.message)
    assert len(findings) == 1, [f.message for f in findings]


@pytest.mark.parametrize("case", CORRECT, ids=[c.text[:18] for c in CORRECT])
def test_no_false_alarm_on_correct_citations(case: Correct) -> None:
    checks = check_text(case.text, year=case.year)
    assert checks, "应当识别出引用"
    assert [c.finding.message for c in checks if c.outcome is Outcome.WRONG and c.finding] == []
    assert not [c for c in checks if c.outcome is Outcome.WRONG]
    # what the corpus cannot check is said, never passed in silence: it names what is missing
    for check in checks:
        if check.outcome is Outcome.UNVERIFIABLE:
            assert check.finding is not None and check.finding.code == NOT_VERIFIABLE and check.missing


def _sample_text(path: Path) -> str:
    if path.suffix == ".html":
        return str(lxml.html.fromstring(path.read_bytes()).text_content())
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    ["jinghe-gongyeyuanqu-2021.txt", "pingtan-zone-2020.txt", "pingtan-zone-2021.txt", "pingtan-zone-2022.txt",
     "shanghai-gov-office-2019.txt", "shuyang-fgj-2023.html"],
)
def test_no_false_alarm_on_the_samples(name: str) -> None:
    path = SAMPLES / name
    year = int(re.search(r"(\d{4})", name).group(1))  # type: ignore[union-attr]
    checks = check_text(_sample_text(path), year=year)
    assert len([c for c in checks if c.ref]) >= 4  # the 表二 headings 第二十条第（X）项 resolve
    assert [c.finding.message for c in checks if c.finding and c.outcome is not Outcome.UNVERIFIABLE] == []
    assert all(c.missing for c in checks if c.outcome is Outcome.UNVERIFIABLE)


def test_old_numbering_shows_the_article_now_in_force() -> None:
    checks = check_text("根据《条例》第三十一条规定，本机关按时发布政府信息公开工作年度报告。", year=2022)
    finding = next(c.finding for c in checks if c.finding)
    assert finding.severity is Severity.ERROR
    assert finding.expected is not None and "第四十九条" in finding.expected
    assert "1月31日前" in finding.expected


def test_misquote_shows_the_real_text() -> None:
    text = "《条例》第五条规定：“行政机关公开政府信息，应当坚持以公开为原则、不公开为例外。”"
    check = next(c for c in check_text(text, year=2022) if c.finding)
    assert check.resolved_text is not None and "以公开为常态" in check.resolved_text
    assert check.finding is not None and check.finding.actual is not None and "以公开为原则" in check.finding.actual


def test_a_loose_phrase_in_quotes_is_only_a_warning() -> None:
    checks = check_text("按照《条例》第十条“谁制作谁公开”的原则落实公开责任。", year=2022)
    findings = [c.finding for c in checks if c.finding]
    assert [(f.code, f.severity) for f in findings] == [("cite.misquote", Severity.WARNING)]


def test_without_a_year_the_current_version_applies() -> None:
    checks = check_text("《条例》第五十六条")
    assert [c.ref for c in checks] == ["tiaoli-2019.a56"]
