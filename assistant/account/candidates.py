"""Candidate problems for section 五, computed from the tables and last year's report.

The tables often show a problem the writer has not named: many applications answered
“无法提供”, replies corrected on review, a 现行有效 count that does not follow from last year's.
Each candidate is worded cautiously, says which numbers it rests on and cites the facts that
hold them; the writer adopts it (it becomes a :class:`Problem` of origin 表格数据) or dismisses
it. Nothing here is put into a draft without the writer's word. Pure: no files, no model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from assistant.account.model import Fate, Problem, ProblemOrigin, YearAccount, new_id
from assistant.form import IN_FORCE_CODE, FormatVersion, cell_address, continuity_rules, table
from assistant.report import Report

# Thresholds (shares in per cent of 三（七）总计).
UNABLE_SHARE = Decimal(30)
NOT_PROCESSED_SHARE = Decimal(20)
NOT_PROCESSED_MIN = 2  # one or two 不予处理 among a handful of applications is no pattern
NEW_CHANGE_PCT = Decimal(50)
NEW_CHANGE_MIN = 10
# 表四's groups as the candidates name them: "行政复议", "行政诉讼（未经复议直接起诉）".
_T4_GROUPS = {row.key: f"{row.group}（{row.label}）" if row.group else row.label
              for row in table(FormatVersion.V2021, "t4").rows}


class Candidate(BaseModel):
    """A problem the tables suggest, for the writer to adopt or dismiss."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str  # stable: cand.unable_share, cand.unresolved.3fa2c1
    text: str  # the problem as a careful writer would word it
    evidence: str  # one sentence with the numbers behind it
    facts: list[str]  # ids of facts in build_facts(report, previous) holding those numbers


def candidate_problems(report: Report, previous: Report | None = None) -> list[Candidate]:
    """Every candidate the tables, last year's report and ``report.account`` support, in a fixed order.

    Fact ids are checked against the facts sheet: a candidate cites only facts that exist.
    """
    from assistant.facts import build_facts  # facts imports the account package

    known = {f.id for f in build_facts(report, previous).facts}
    out = []
    for rule in _RULES:
        for candidate in rule(report, previous):
            cited = [f for f in candidate.facts if f in known]
            out.append(candidate.model_copy(update={"facts": cited}))
    return out


def open_candidates(report: Report, previous: Report | None = None) -> list[Candidate]:
    """The candidates the writer has neither adopted nor dismissed (``候选1`` is the first)."""
    account = report.account
    return [c for c in candidate_problems(report, previous)
            if c.key not in account.dismissed and not _adopted(account, c.key)]


def adopt(account: YearAccount, candidate: Candidate, text: str | None = None) -> YearAccount:
    """``account`` with ``candidate`` as one of this year's problems (idempotent).

    ``text`` rewords the problem (the writer's own wording); the evidence and facts stay.
    """
    dismissed = [k for k in account.dismissed if k != candidate.key]
    wording = (text or candidate.text).strip()
    existing = _adopted(account, candidate.key)
    if existing is not None:
        problems = [p.model_copy(update={"text": wording}) if p is existing and text else p for p in account.problems]
        return account.model_copy(update={"problems": problems, "dismissed": dismissed})
    taken = {p.id for p in account.problems} | {m.id for m in account.measures}
    # Seeded with the candidate's own text, so that rewording it does not change the id.
    problem = Problem(id=new_id("p", taken, candidate.text), text=wording, origin=ProblemOrigin.TABLES,
                      evidence=[candidate.evidence], facts=list(candidate.facts), candidate=candidate.key)
    return account.model_copy(update={"problems": [*account.problems, problem], "dismissed": dismissed})


def dismiss(account: YearAccount, key: str) -> YearAccount:
    """``account`` with the candidate ``key`` dismissed; a problem adopted from it is removed and
    the measures that answered it no longer point at it."""
    gone = {p.id for p in account.problems if p.candidate == key}
    problems = [p for p in account.problems if p.id not in gone]
    measures = [m.model_copy(update={"problem": None}) if m.problem in gone else m for m in account.measures]
    dismissed = account.dismissed if key in account.dismissed else [*account.dismissed, key]
    return account.model_copy(update={"problems": problems, "measures": measures, "dismissed": dismissed})


def _adopted(account: YearAccount, key: str) -> Problem | None:
    return next((p for p in account.problems if p.candidate == key), None)


# --- the rules ----------------------------------------------------------------------------------

Rule = Callable[[Report, Report | None], Iterator[Candidate]]


def _n(report: Report, address: str) -> int:
    value = report.cells.get(address)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return 0
    return int(value)


def _group(report: Report, prefix: str) -> int:
    return sum(_n(report, a) for a in report.cells
               if a.endswith(".total") and re.fullmatch(rf"t3\.{prefix}(_\d+)?\.total", a))


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _fmt(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _unable_share(report: Report, previous: Report | None) -> Iterator[Candidate]:
    handled, unable = _n(report, "t3.handled_total.total"), _group(report, "unable")
    if not handled or not unable or _pct(unable, handled) < UNABLE_SHARE:
        return
    share = _fmt(_pct(unable, handled))
    yield Candidate(
        key="cand.unable_share",
        text="办结的政府信息公开申请中“无法提供”的比例较高，申请指引和政府信息管理工作仍有改进空间",
        evidence=f"本年度办结政府信息公开申请{handled}件，其中“无法提供”{unable}件，占{share}%。",
        facts=["t3.handled_total.total", "d.unable", "d.share.unable"],
    )


def _corrected(report: Report, previous: Report | None) -> Iterator[Candidate]:
    cells = {group: cell_address("t4", group, "corrected") for group in _T4_GROUPS}
    parts = [(name, _n(report, cells[group])) for group, name in _T4_GROUPS.items()]
    total = sum(n for _, n in parts)
    if not total:
        return
    detail = "、".join(f"{name}{n}件" for name, n in parts if n)
    yield Candidate(
        key="cand.corrected",
        text="因政府信息公开工作引起的行政复议、行政诉讼中仍有结果被纠正的情况，依申请公开答复的规范性有待进一步提高",
        evidence=f"本年度因政府信息公开工作被申请行政复议、提起行政诉讼的案件中，结果纠正{total}件（{detail}）。",
        facts=["d.corrected", *(cell for cell in cells.values() if _n(report, cell))],
    )


def _in_force(report: Report, previous: Report | None) -> Iterator[Candidate]:
    if previous is None:
        return
    rule = next((r for r in continuity_rules(report.version, previous.version)
                 if r.code == IN_FORCE_CODE and r.cell == "t2.normative.in_force"), None)
    if rule is None:  # the 2019 format printed no 现行有效
        return
    cells = (rule.cell, *rule.plus, *rule.minus)
    if any(report.cells.get(a) is None for a in cells) or previous.cells.get(rule.previous) is None:
        return
    before = _n(previous, rule.previous)
    now, issued, repealed = (_n(report, a) for a in cells)
    if now == before + issued - repealed:
        return
    yield Candidate(
        key="cand.normative_in_force",
        text="行政规范性文件动态管理有待加强，现行有效件数与上年现行有效件数及本年制发、废止件数未能对应",
        evidence=f"上年现行有效行政规范性文件{before}件，本年制发{issued}件、废止{repealed}件，"
                 f"本年现行有效{now}件，与上年件数加制发减废止的结果不一致。",
        facts=["last.t2.normative.in_force", "t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"],
    )


def _new_change(report: Report, previous: Report | None) -> Iterator[Candidate]:
    if previous is None or report.cells.get("t3.new.total") is None or previous.cells.get("t3.new.total") is None:
        return
    now, before = _n(report, "t3.new.total"), _n(previous, "t3.new.total")
    change = now - before
    if abs(change) < NEW_CHANGE_MIN or (before and _pct(abs(change), before) < NEW_CHANGE_PCT):
        return
    year = previous.meta.year or ((report.meta.year or 1) - 1)
    pct = f"，{'增长' if change > 0 else '下降'}{_fmt(_pct(abs(change), before))}%" if before else ""
    evidence = f"本年度新收政府信息公开申请{now}件，上年（{year}年）{before}件{pct}。"
    facts = ["t3.new.total", "last.t3.new.total", "delta.t3.new.total", "deltapct.t3.new.total"]
    if change > 0:
        yield Candidate(
            key="cand.new_surge",
            text="政府信息公开申请数量较上年大幅增加，依申请公开办理压力加大，答复的质量和时效保障需进一步加强",
            evidence=evidence, facts=facts)
    else:
        yield Candidate(
            key="cand.new_drop",
            text="政府信息公开申请数量较上年大幅减少，变化原因尚需深入分析，主动公开与公众信息需求的对接情况有待评估",
            evidence=evidence, facts=facts)


def _carried_out(report: Report, previous: Report | None) -> Iterator[Candidate]:
    carried = _n(report, "t3.carried_out.total")
    if not carried:
        return
    yield Candidate(
        key="cand.carried_out",
        text="年末仍有政府信息公开申请结转下年度办理，办理进度跟踪需进一步加强，确保在法定期限内答复",
        evidence=f"本年度结转下年度继续办理的政府信息公开申请{carried}件。",
        facts=["t3.carried_out.total"],
    )


def _fees(report: Report, previous: Report | None) -> Iterator[Candidate]:
    unpaid = _n(report, "t3.other_2.total")
    if report.version is not FormatVersion.V2021 or not unpaid:
        return
    yield Candidate(
        key="cand.fee_unpaid",
        text="个别申请因申请人逾期未缴纳信息处理费而不再处理，信息处理费收取的告知和解释工作需进一步加强",
        evidence=f"本年度“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”{unpaid}件。",
        facts=["t3.other_2.total"],
    )


def _not_processed_share(report: Report, previous: Report | None) -> Iterator[Candidate]:
    handled, count = _n(report, "t3.handled_total.total"), _group(report, "not_processed")
    if not handled or count < NOT_PROCESSED_MIN or _pct(count, handled) < NOT_PROCESSED_SHARE:
        return
    yield Candidate(
        key="cand.not_processed_share",
        text="办结的政府信息公开申请中“不予处理”的比例较高，申请渠道指引和释法说明工作有待加强",
        evidence=f"本年度办结政府信息公开申请{handled}件，其中“不予处理”{count}件，"
                 f"占{_fmt(_pct(count, handled))}%。",
        facts=["t3.handled_total.total", "d.not_processed", "d.share.not_processed"],
    )


def _unresolved(report: Report, previous: Report | None) -> Iterator[Candidate]:
    for item in report.account.previous_problems:
        if item.status is not Fate.OPEN:
            continue
        suffix = item.id.partition(".")[2]
        yield Candidate(
            key=f"cand.unresolved.{suffix}",
            text=f"上年提出的“{short(item.text)}”问题仍未解决",
            evidence=f"上年报告提出“{item.text.rstrip('。')}”，本年整改台账记为“未整改”。",
            facts=[item.id, f"fate.{suffix}"],
        )


def short(text: str, limit: int = 30) -> str:
    """The first clause of a long item (“政策解读形式较为单一”), for quoting it back."""
    first = re.split(r"[，,；;。：:]", text.strip(), maxsplit=1)[0].strip()
    return first if len(first) <= limit else first[:limit] + "…"


_RULES: tuple[Rule, ...] = (
    _unable_share, _corrected, _in_force, _new_change, _carried_out, _fees, _not_processed_share, _unresolved,
)
