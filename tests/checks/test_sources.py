"""Every finding code in one registry, each with its source: the codes any module makes are
registered, each basis is quoted verbatim from the corpus, a conditional basis only warns, the
wording follows the source (a practice never says 规定), and an office may re-grade practice
rules only (``NIANBAO_RULE_SEVERITY``)."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.checks.rules import (
    RULES,
    Rule,
    Source,
    SourceKind,
    basis_phrase,
    finding,
    override_refusal,
    severity_of,
)
from assistant.citations import citation_findings
from assistant.findings import Finding, SectionKey, Severity
from assistant.ledger.crosscheck import crosscheck_previous
from assistant.names import EXTRA_RULE_NAMES, FAMILY_NAMES, rule_name
from assistant.parsing import parse_file
from assistant.report import Report
from assistant.settings import RULE_SEVERITY, SettingsError, load_settings, rule_severity
from tests.checks.conftest import make_previous, make_report
from tests.checks.helpers import append

ROOT = Path(__file__).resolve().parents[2]
ASSISTANT = ROOT / "assistant"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
CORPUS = ROOT / "corpus" / "regulations"
TEXTS = {
    SourceKind.TIAOLI: "zhengfu-xinxi-gongkai-tiaoli-2019.md",
    SourceKind.FORMAT: "nianbao-geshi-2021.md",
    SourceKind.FEE: "xinxi-chulifei-banfa-2020.md",
    SourceKind.INTERPRETATION: "zuigaofa-zhengfu-xinxi-gongkai-jieshi-2025.md",
}
NOTICE = "国办公开办函〔2021〕30号"

# --- every code made anywhere is registered ---------------------------------------------------

_FAMILIES = "|".join(sorted({*FAMILY_NAMES, *(rule.family for rule in RULES.values())}))
_CODE = re.compile(rf"^(?:{_FAMILIES})\.[a-z][a-z_0-9]*$")
_TABLES = ("t2", "t3", "t4")


def _code_argument(call: ast.Call) -> ast.expr | None:
    """The code a call makes a finding with: ``Finding(code=…)``, ``finding(code, …)``."""
    name = call.func.id if isinstance(call.func, ast.Name) else None
    if name == "Finding":
        return next((keyword.value for keyword in call.keywords if keyword.arg == "code"), None)
    return call.args[0] if name == "finding" and call.args else None


def emitted_codes() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Every string literal in ``assistant/`` that is a rule code (a family, a dot, a name), and
    every code a call builds with an f-string (``f"{table}.empty"``: by its suffix)."""
    literals: dict[str, set[str]] = {}
    suffixes: dict[str, set[str]] = {}
    for path in sorted(ASSISTANT.rglob("*.py")):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE.match(node.value):
                literals.setdefault(node.value, set()).add(where)
            if not isinstance(node, ast.Call):
                continue
            code = _code_argument(node)
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                literals.setdefault(code.value, set()).add(where)
            elif isinstance(code, ast.JoinedStr):
                tail = code.values[-1]
                assert isinstance(tail, ast.Constant) and re.fullmatch(r"\.[a-z_]+", str(tail.value)), (
                    f"{where}:{node.lineno}: a code built otherwise than “{{table}}.name”")
                suffixes.setdefault(str(tail.value), set()).add(f"{where}:{node.lineno}")
    return literals, suffixes


def test_every_code_made_anywhere_is_registered() -> None:
    literals, suffixes = emitted_codes()
    assert {"t3.column_balance", "parse.split_failed", "cite.misquote", "draft.todo", "ledger.previous_year",
            "text.stale_number"} <= set(literals), "the scan found too little"
    assert {".negative", ".blank", ".empty", ".unfilled"} <= set(suffixes)
    missing = {code: where for code, where in literals.items() if code not in RULES}
    assert missing == {}, "codes made but not in assistant/checks/rules.py"
    for suffix, where in suffixes.items():
        for table in _TABLES:
            assert f"{table}{suffix}" in RULES, (suffix, where)


_SEVERITY_NAMES = {"ERROR": Severity.ERROR, "WARNING": Severity.WARNING, "_E": Severity.ERROR, "_W": Severity.WARNING}


def _severity(node: ast.expr) -> Severity | None:
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return _SEVERITY_NAMES.get(name)


def made_severities() -> dict[str, set[Severity]]:
    """The severities each code is made with, where a call names both (``Finding(code="…",
    severity=Severity.WARNING)``, ``_finding("draft.todo", _W, …)``, ``sink.add("parse.…", …)``)."""
    made: dict[str, set[Severity]] = {}
    for path in sorted(ASSISTANT.rglob("*.py")):
        if path == ASSISTANT / "checks" / "rules.py":
            continue  # the registry itself
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            values = [*node.args, *(k.value for k in node.keywords)]
            codes = [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                     and _CODE.match(v.value)]
            severities = {s for s in map(_severity, values) if s is not None}
            if len(codes) == 1 and len(severities) == 1:
                made.setdefault(codes[0], set()).update(severities)
    return made


def test_the_registry_keeps_the_severity_each_code_is_made_with() -> None:
    made = made_severities()
    assert {"parse.split_failed", "cite.docno_format", "draft.todo", "ledger.previous_year", "t3.unfilled"
            } - set(made) == {"t3.unfilled"}, "the scan found too little"
    for code, severities in made.items():
        rule = RULES[code]
        if rule.severity_note:
            assert rule.severity in severities, code
        else:
            assert severities == {rule.severity}, (code, severities)


def test_names_come_from_the_registry() -> None:
    for code, rule in RULES.items():
        assert rule_name(code) == rule.description
    extra = {c: r.description for c, r in RULES.items() if r.family in ("cite", "draft", "ledger")}
    assert extra == EXTRA_RULE_NAMES
    assert len(EXTRA_RULE_NAMES) >= 27


# --- each rule's source -----------------------------------------------------------------------


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_every_rule_names_its_source(rule: Rule) -> None:
    source = rule.source
    assert isinstance(source, Source) and isinstance(source.kind, SourceKind)
    if source.kind is SourceKind.PRACTICE:
        assert source.clause.startswith("实务：") and len(source.clause) > 6 and not source.quote
        assert source.adjustable
        return
    assert not source.clause.startswith("实务") and not source.adjustable
    if source.kind is SourceKind.FORMAT:
        assert source.clause.startswith(NOTICE + " ")
        part = source.clause.removeprefix(NOTICE + " ").split("；")[0].split("（")[0].split(" ")[0]
        text = (CORPUS / TEXTS[SourceKind.FORMAT]).read_text("utf-8")
        assert part == "附件" or f"### {part}" in text, (part, "is not a part of the notice")
    if source.kind is SourceKind.TIAOLI:
        assert source.clause.startswith("《政府信息公开条例》")
    if source.kind is SourceKind.STANDARD:
        assert re.match(r"GB/T \d+—\d{4}《", source.clause) and not source.quote
    if source.quote:
        text = (CORPUS / TEXTS[source.kind]).read_text("utf-8")
        assert source.quote in text, f"{rule.code}: the quote is not in {TEXTS[source.kind]}"


def test_the_articles_named_exist() -> None:
    text = (CORPUS / TEXTS[SourceKind.TIAOLI]).read_text("utf-8")
    for rule in RULES.values():
        for article in re.findall(r"第[一二三四五六七八九十]+条", rule.source.clause):
            if rule.source.kind is SourceKind.TIAOLI:
                assert f"\n{article} " in text, (rule.code, article)


def test_a_conditional_basis_only_warns() -> None:
    conditional = [rule for rule in RULES.values() if rule.source.conditional]
    assert "struct.overview_too_long" in {rule.code for rule in conditional}  # 篇幅原则上不超过一千字
    for rule in conditional:
        assert rule.severity is Severity.WARNING, rule.code
        assert "错误" not in rule.severity_note, rule.code


@pytest.mark.parametrize(("quote", "clause", "conditional"), [
    ("篇幅原则上不超过一千字", "x", True),
    ("", "实务：一般不多于复议", True),
    ("不能遗漏", "x", False),
])
def test_conditional_words(quote: str, clause: str, conditional: bool) -> None:
    assert Source(SourceKind.FORMAT, clause, quote).conditional is conditional


def test_sources_by_kind() -> None:
    counts = Counter(rule.source.kind for rule in RULES.values())
    assert counts[SourceKind.FORMAT] >= 30 and counts[SourceKind.PRACTICE] >= 30
    assert counts[SourceKind.TIAOLI] >= 2 and counts[SourceKind.STANDARD] >= 2


def test_the_readme_counts_the_rules_by_source() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    paragraph = text.split("**规则与依据**", 1)[1].split("\n\n", 1)[0]
    counts = Counter(rule.source.kind for rule in RULES.values())
    assert f"{len(RULES)} rules" in paragraph
    for kind in SourceKind:
        if counts[kind]:
            assert f"{counts[kind]} {kind.value}" in paragraph, kind
    assert "nianbao rules" in paragraph and RULE_SEVERITY in paragraph


# --- the wording follows the source -----------------------------------------------------------

# Quoted words are the report's or a document's own (“…”, 《…》), not the rule's.
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|\"[^\"]*\"")


def wording_problems(rule: Rule, text: str) -> list[str]:
    """What ``text`` (a description or a message of ``rule``) says against the rule's source: a
    rule that does not rest on the 条例 never says 规定; a practice never claims the format."""
    words = text
    while _QUOTED.search(words):
        words = _QUOTED.sub("", words)
    kind = rule.source.kind
    problems = []
    if kind not in (SourceKind.TIAOLI, SourceKind.INTERPRETATION) and "规定" in words:
        problems.append("规定")
    if kind is not SourceKind.FORMAT and re.search(r"格式要求|按年报格式|按\d+年格式", words):
        problems.append("格式要求")
    if kind is SourceKind.PRACTICE and re.search(r"必须|不得", words):
        problems.append("必须")
    return problems


def test_descriptions_follow_the_source() -> None:
    for rule in RULES.values():
        for text in (rule.description, rule.severity_note, rule.source.clause):
            assert wording_problems(rule, text) == [], (rule.code, text)


def test_basis_phrase() -> None:
    assert basis_phrase(RULES["struct.overview_too_long"]) == "按年报格式要求"
    assert basis_phrase(RULES["t4.after_review_exceeds_review"]) == "通常"
    assert basis_phrase(RULES["text.period"]) == "依据《政府信息公开条例》第四十九条"
    assert basis_phrase(RULES["cite.docno_format"]) == "按GB/T 9704—2012《党政机关公文格式》7.2.4 发文字号"
    for rule in RULES.values():
        assert "规定" not in basis_phrase(rule)


@pytest.fixture(scope="module")
def sample_findings() -> list[Finding]:
    reports = {p.stem: parse_file(p) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".html", ".pdf")}
    found: list[Finding] = []
    for name, report in reports.items():
        previous = next((r for n, r in reports.items() if n.rsplit("-", 1)[0] == name.rsplit("-", 1)[0]
                         and r.meta.year is not None and report.meta.year is not None
                         and r.meta.year == report.meta.year - 1), None)
        found += run_checks(report, previous)
        found += citation_findings(report)
    return found


def test_messages_on_the_real_samples_follow_the_source(sample_findings: list[Finding]) -> None:
    assert len(sample_findings) >= 20
    assert {f.code.split(".")[0] for f in sample_findings} >= {"t3", "text", "struct", "proof", "parse", "xyear"}
    for f in sample_findings:
        assert f.code in RULES, f.code
        assert wording_problems(RULES[f.code], f.message) == [], (f.code, f.message)


def _broken_reports() -> list[tuple[Report, Report | None]]:
    """One report per case of the rule tables (tests/checks/test_rules.py, test_crossyear.py)."""
    from tests.checks.test_crossyear import PAIRS
    from tests.checks.test_rules import PROOF, STRUCTURE, TABLES, TEXT

    out: list[tuple[Report, Report | None]] = []
    for case in (*TABLES, *TEXT, *STRUCTURE, *PROOF):
        report = make_report()
        case.values[0](report)  # type: ignore[attr-defined]
        out.append((report, None))
    for case in PAIRS:
        previous = make_previous()
        case.values[0](previous)  # type: ignore[attr-defined]
        out.append((make_report(), previous))
    return out


def test_messages_of_every_rule_case_follow_the_source() -> None:
    seen: set[str] = set()
    for report, previous in _broken_reports():
        for f in run_checks(report, previous):
            seen.add(f.code)
            assert wording_problems(RULES[f.code], f.message) == [], (f.code, f.message)
    assert len(seen) >= 50


def test_format_rules_say_so() -> None:
    report = make_report()
    append(SectionKey.OVERVIEW, "持续深化政务公开工作，不断提升政府工作透明度。" * 60)(report)
    [long] = [f for f in run_checks(report) if f.code == "struct.overview_too_long"]
    assert "按年报格式要求，篇幅原则上不超过1000字" in long.message


# --- an office re-grades practice rules only ---------------------------------------------------


def test_the_setting_is_parsed() -> None:
    settings = load_settings({RULE_SEVERITY: " struct.placeholder=warning， t3.blank=错误;proof.date = 提示 "})
    assert settings.rule_severity == {"struct.placeholder": Severity.WARNING, "t3.blank": Severity.ERROR,
                                      "proof.date": Severity.WARNING}
    assert load_settings({}).rule_severity == {}


@pytest.mark.parametrize(("value", "message"), [
    ("zzz.what=warning", "没有规则“zzz.what”"),
    ("t3.column_balance=warning", "规则“t3.column_balance”（表三某列第一项加第二项之和不等于第三项加第四项之和）"
                                  "依据年报格式（国办公开办函〔2021〕30号 附件 表三 说明），不能调整严重程度"),
    ("text.period=warning", "依据条例（《政府信息公开条例》第四十九条），不能调整严重程度"),
    ("cite.docno_format=error", "依据国家标准"),
    ("struct.overview_too_long=error", "不能调整严重程度"),
    ("struct.placeholder", "“struct.placeholder”应写作“规则代码=warning”或“规则代码=error”"),
    ("struct.placeholder=low", "“struct.placeholder”的严重程度“low”无效"),
    ("proof.date=warning,proof.date=error", "对规则“proof.date”设置了两个不同的严重程度"),
])
def test_a_wrong_setting_is_refused_with_its_reason(value: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({RULE_SEVERITY: value})
    assert message in str(caught.value) and RULE_SEVERITY in str(caught.value)


def test_a_conditional_practice_cannot_become_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = Rule("proof.made_up", Severity.WARNING, "示例", Source(SourceKind.PRACTICE, "实务：一般如此"))
    monkeypatch.setitem(RULES, rule.code, rule)
    assert override_refusal(rule.code, Severity.WARNING) is None
    assert "只能作为提示" in (override_refusal(rule.code, Severity.ERROR) or "")


def test_every_finding_gets_the_office_severity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RULE_SEVERITY, "struct.placeholder=warning,parse.split_failed=warning,"
                                      "cite.misquote=warning,ledger.previous_year=error,text.percentage=error")
    assert rule_severity() == {"struct.placeholder": Severity.WARNING, "parse.split_failed": Severity.WARNING,
                               "cite.misquote": Severity.WARNING, "ledger.previous_year": Severity.ERROR,
                               "text.percentage": Severity.ERROR}
    # the checks (finding())
    report = make_report()
    append(SectionKey.OTHER, "【待补充：其他事项】")(report)
    [placeholder] = [f for f in run_checks(report) if f.code == "struct.placeholder"]
    assert placeholder.severity is Severity.WARNING
    assert finding("t3.row_sum", "x").severity is Severity.ERROR  # the format's: as registered
    # the parser's and the citation checker's, made with their own severity
    assert Finding(code="parse.split_failed", severity=Severity.ERROR, message="x").severity is Severity.WARNING
    assert Finding(code="cite.misquote", severity=Severity.ERROR, message="x").severity is Severity.WARNING
    assert Finding(code="cite.superseded", severity=Severity.ERROR, message="x").severity is Severity.ERROR
    # the ledger's
    previous = make_previous()
    previous.meta.year = 2020
    [gap, *_] = crosscheck_previous(make_report(), previous)
    assert gap.code == "ledger.previous_year" and gap.severity is Severity.ERROR
    assert severity_of("text.percentage") is Severity.ERROR and severity_of("text.received") is Severity.ERROR
    monkeypatch.delenv(RULE_SEVERITY)
    assert finding("struct.placeholder", "x").severity is Severity.ERROR
    assert severity_of("text.percentage") is Severity.WARNING


def test_a_wrong_setting_stops_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RULE_SEVERITY, "t3.row_sum=warning")
    with pytest.raises(SettingsError, match=r"t3\.row_sum"):
        finding("struct.placeholder", "x")
