"""Citations the corpus does not hold: three outcomes, the register of titles and 文号, the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.citations import NOT_VERIFIABLE, Outcome, check_report, check_sections, check_text, summarize
from assistant.citations.docno import DocNoForm, find_doc_nos
from assistant.citations.register import expected_documents, register_rows
from assistant.corpus import Origin, load_corpus
from assistant.findings import SectionKey
from assistant.parsing import parse_file

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"
# The issue's sentence, as a new user would try it.
SENTENCE = (
    "依据《中华人民共和国政府信息公开条例》第五十条第（三）项和《政府信息公开信息处理费管理办法》第五条，"
    "按照《国务院办公厅关于印发2021年政务公开工作要点的通知》（国办发〔2021〕12号）要求，"
    "参照《上海市政府信息公开规定》第三十条，以及《条例》第七十条。"
)


@pytest.fixture(autouse=True)
def no_office_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The national corpus and register only: an empty data folder."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))


def test_the_issue_sentence_has_three_outcomes() -> None:
    checks = check_text(SENTENCE, year=2021)
    counted = [c for c in checks if c.counted]
    assert [(c.text, c.outcome) for c in counted] == [
        ("第五十条第（三）项", Outcome.VERIFIED),
        ("第五条", Outcome.VERIFIED),
        ("《国务院办公厅关于印发2021年政务公开工作要点的通知》（国办发〔2021〕12号）", Outcome.VERIFIED),
        ("《上海市政府信息公开规定》第三十条", Outcome.UNVERIFIABLE),
        ("第七十条", Outcome.WRONG),
    ]
    article, fee, notice, shanghai, wrong = counted
    assert article.resolved_text == "（三）因政府信息公开工作被申请行政复议、提起行政诉讼的情况；"
    assert fee.ref == "chulifei-2020.a5" and fee.resolved_text
    # the title and its 文号 checked as a pair against the register
    assert notice.law_id == "yaodian-2021" and notice.finding is None
    assert notice.document is not None and "国办发〔2021〕12号" in notice.document and "国务院办公厅" in notice.document
    assert shanghai.finding is not None and shanghai.finding.code == NOT_VERIFIABLE
    assert shanghai.missing == "《上海市政府信息公开规定》" and "法规库中没有《上海市政府信息公开规定》" in (
        shanghai.finding.message)
    assert wrong.finding is not None and wrong.finding.code == "cite.article_missing"
    summary = summarize(checks)
    assert (summary.total, summary.verified, summary.wrong, summary.unverifiable) == (5, 3, 1, 1)
    assert summary.line() == (
        "5 处引用：3 处已核对、1 处有误、1 处无法核对（法规库中没有《上海市政府信息公开规定》）")


@pytest.mark.parametrize(
    ("text", "outcome", "code", "underlined"),
    [
        # the title and the 文号 disagree
        ("按照《国务院办公厅关于印发2021年政务公开工作要点的通知》（国办发〔2021〕13号）要求。", Outcome.WRONG,
         "cite.docno_mismatch", "国办发〔2021〕13号"),
        ("按照《国务院办公厅关于印发2022年政务公开工作要点的通知》（国办发〔2021〕12号）要求。", Outcome.WRONG,
         "cite.docno_mismatch", "国办发〔2021〕12号"),
        # the title misquoted: with its 文号, and alone
        ("按照《国务院办公厅关于印发2021年政务公开要点的通知》（国办发〔2021〕12号）要求。", Outcome.WRONG,
         "cite.title_misquoted", "《国务院办公厅关于印发2021年政务公开要点的通知》"),
        ("按照《国务院办公厅关于印发2021年政务公开要点的通知》要求。", Outcome.WRONG, "cite.law_unknown",
         "《国务院办公厅关于印发2021年政务公开要点的通知》"),
        # malformed 文号: the year's digits, the brackets
        ("按照《2021年政务公开工作要点》（国办发〔21〕12号）要求。", Outcome.WRONG, "cite.docno_malformed",
         "国办发〔21〕12号"),
        ("按照《2021年政务公开工作要点》（国办发(2021)12号）要求。", Outcome.WRONG, "cite.docno_format",
         "国办发(2021)12号"),
        ("按照国办发2021〕12号要求。", Outcome.WRONG, "cite.docno_malformed", "国办发2021〕12号"),
        # right
        ("按照《2021年政务公开工作要点》（国办发〔2021〕12号）要求。", Outcome.VERIFIED, None, None),
        ("落实《关于印发2022年政务公开工作要点的通知》（国办发〔2022〕8号）。", Outcome.VERIFIED, None, None),
        ("按照国办发〔2020〕17号要求。", Outcome.VERIFIED, None, None),
        # not in the register: another year's 要点 is no misquote of the ones it has
        ("按照《国务院办公厅关于印发2023年政务公开工作要点的通知》要求。", Outcome.UNVERIFIABLE, NOT_VERIFIABLE,
         "《国务院办公厅关于印发2023年政务公开工作要点的通知》"),
        ("根据《福建省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》要求。",
         Outcome.UNVERIFIABLE, NOT_VERIFIABLE,
         "《福建省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》"),
        ("根据岚综管办〔2020〕80号文件要求。", Outcome.UNVERIFIABLE, NOT_VERIFIABLE, "岚综管办〔2020〕80号"),
        ("严格落实《重大行政决策程序暂行条例》。", Outcome.UNVERIFIABLE, NOT_VERIFIABLE,
         "《重大行政决策程序暂行条例》"),
        ("依据《政府信息公开信息处理费管理办法》第六条收费。", Outcome.UNVERIFIABLE, NOT_VERIFIABLE, "第六条"),
    ],
)
def test_titles_and_doc_nos_against_the_register(
    text: str, outcome: Outcome, code: str | None, underlined: str | None,
) -> None:
    counted = [c for c in check_text(text, year=2022) if c.counted]
    assert len(counted) == 1, [(c.text, c.outcome) for c in counted]
    check = counted[0]
    assert check.outcome is outcome, check.finding
    if code is None:
        assert check.finding is None and check.document
        return
    assert check.finding is not None and check.finding.code == code
    span = check.finding.span
    assert span is not None and text[span[0]:span[1]] == underlined
    if outcome is Outcome.UNVERIFIABLE:
        assert check.missing


@pytest.mark.parametrize(
    "text",
    [
        "园区按照要求及时发布《精河工业园区政务信息公开年报》、《精河工业园区政务信息公开指南》。",
        "实验区管委会办公室印发《政府网站和政务新媒体工作管理方案》，严格落实责任。",
        "区办公室先后印发《平潭综合实验区管委会办公室关于推进基层政务公开标准化规范化工作有关事项的通知》（岚综管办〔2020〕80号）。",
        "主要通过政府网站、《平潭时报》、电视广播等媒介进行公开。",
        "抓紧修订出台《上海市政府信息公开规定》，细化《条例》主体具体适用。",
    ],
)
def test_what_the_agency_made_or_published_is_no_citation(text: str) -> None:
    counted = [c for c in check_text(text, year=2022) if c.counted]
    assert all(c.law_id == "tiaoli-2019" for c in counted), [(c.text, c.outcome) for c in counted]


def test_a_declared_abbreviation_is_no_second_citation() -> None:
    checks = check_text("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制本报告。", year=2022)
    assert [(c.text, c.outcome) for c in checks] == [("《中华人民共和国政府信息公开条例》", Outcome.VERIFIED)]


def test_a_wrong_quote_makes_its_citation_wrong_once() -> None:
    checks = check_text("《条例》第五条规定：“行政机关公开政府信息，应当坚持以公开为原则、不公开为例外。”", year=2022)
    summary = summarize(checks)
    assert (summary.total, summary.wrong) == (1, 1)
    assert [c.finding.code for c in checks if c.finding] == ["cite.misquote"]


def test_the_2007_text_is_not_verifiable_rather_than_passed() -> None:
    checks = check_text("根据《条例》第三十一条规定，按时公布政府信息公开工作年度报告。", year=2018)
    [check] = checks
    assert check.outcome is Outcome.UNVERIFIABLE and check.law_id == "tiaoli-2007"
    assert check.missing is not None and "2007年" in check.missing


def test_abbreviations_declared_in_the_preface_hold_in_later_sections() -> None:
    parts = [
        (SectionKey.PREFACE, "本报告根据《福建省政府信息公开办法》（以下简称《办法》）编制。"),
        (SectionKey.OVERVIEW, "按照《办法》第十条规定，主动公开政府信息。"),
    ]
    checks = check_sections(parts, year=2020)
    later = next(c for c in checks if c.section is SectionKey.OVERVIEW)
    assert later.outcome is Outcome.UNVERIFIABLE
    assert later.missing == "《福建省政府信息公开办法》"  # the document the abbreviation names
    alone = check_text(parts[1][1], year=2020)
    assert alone[0].missing == "《办法》"


def test_the_register_ships_with_sources() -> None:
    corpus = load_corpus()
    registered = [d for d in corpus.documents.values() if d.meta.origin is Origin.REGISTER]
    assert {d.meta.doc_no for d in registered} == {
        "国办发〔2019〕14号", "国办发〔2020〕17号", "国办发〔2021〕12号", "国办发〔2022〕8号"}
    for doc in corpus.documents.values():
        meta = doc.meta
        assert meta.source and meta.issuer, meta.id
        if meta.doc_no:
            [mention] = find_doc_nos(meta.doc_no)
            assert mention.form is DocNoForm.STANDARD and mention.span == (0, len(meta.doc_no)), meta.id
    for doc in registered:
        assert doc.meta.work_year is not None and str(doc.meta.work_year) in doc.meta.title
        assert f"〔{doc.meta.work_year}〕" in (doc.meta.doc_no or "")
        assert not doc.has_text and doc.meta.status_text() == "效力未登记"
    rows = {r.id: r for r in register_rows(2021)}
    assert rows["yaodian-2021"].applies and not rows["yaodian-2020"].applies
    assert rows["geshi-2021"].applies and not rows["geshi-2019"].applies


def test_what_a_report_of_the_year_should_cite() -> None:
    expected = {e.id: e for e in expected_documents(2021, check_text(SENTENCE, year=2021))}
    assert set(expected) == {"tiaoli-2019", "geshi-2021", "chulifei-2020", "yaodian-2021"}
    assert expected["tiaoli-2019"].cited and expected["yaodian-2021"].cited and not expected["geshi-2021"].cited
    assert {e.id for e in expected_documents(2020, [])} == {"tiaoli-2019", "geshi-2019", "chulifei-2020",
                                                             "yaodian-2020"}
    assert {e.id for e in expected_documents(2024, [])} == {"tiaoli-2019", "geshi-2021", "chulifei-2020"}


def test_the_seed_report_passes_nothing_in_silence(seed_report_path: Path) -> None:
    report = parse_file(seed_report_path)
    checks = check_report(report)
    counted = [c for c in checks if c.counted]
    assert counted and all(c.outcome is not Outcome.WRONG for c in counted)
    unverifiable = [c for c in counted if c.outcome is Outcome.UNVERIFIABLE]
    assert [c.missing for c in unverifiable] == ["《新疆维吾尔自治区实施<政府信息公开条例>办法》"]
    for check in counted:
        if check.outcome is Outcome.VERIFIED:
            assert check.law_id == "tiaoli-2019" and check.document
        else:
            assert check.finding is not None and check.finding.code == NOT_VERIFIABLE
    # its own publications (年报、指南、目录、实施方案) are named, not cited
    text = seed_report_path.read_text(encoding="utf-8")
    raw = check_text(text, year=2021)
    assert not any("精河工业园区" in c.text for c in raw)
    assert summarize(raw).unverifiable == 1


def test_every_sample_report_ends_each_citation_in_an_outcome() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        report = parse_file(path)
        checks = check_report(report)
        summary = summarize(checks)
        assert summary.total == summary.verified + summary.wrong + summary.unverifiable
        for check in checks:
            if check.outcome is Outcome.UNVERIFIABLE:
                assert check.missing and check.finding is not None, (path.name, check.text)
            if check.outcome is Outcome.WRONG and check.counted:
                assert check.finding is not None or any(
                    not c.counted and c.finding is not None for c in checks), (path.name, check.text)


def test_cite_takes_the_issue_sentence_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    # longer than a file name may be: read as text, not looked up as a file
    assert main(["cite", SENTENCE]) == 1
    out = capsys.readouterr().out
    assert "[已核对] 第五十条第（三）项：即《中华人民共和国政府信息公开条例》第五十条第（三）项" in out
    assert "[已核对] 《国务院办公厅关于印发2021年政务公开工作要点的通知》（国办发〔2021〕12号）" in out
    assert "[无法核对] cite.not_verifiable" in out and "[有误] cite.article_missing" in out
    assert out.rstrip().endswith(
        "共识别 5 处引用：3 处已核对、1 处有误、1 处无法核对（法规库中没有《上海市政府信息公开规定》）；"
        "错误 1 处，提示 1 处（按现行版本核对）。")
