"""The writer's notes file (起草说明) read as the account of the year for section 五.

One statement a line, as before; lines that start with one of these tags are the account
(full- and half-width colons and bars both work: ``：``/``:``, ``｜``/``|``)::

    上年问题1：部分整改｜开设“政策图解”专栏，全年发布图解解读5篇
    上年措施3：继续实施｜……
    问题：政策解读形式不够丰富｜依据：本年主动公开政府信息198条，其中政策及解读7条
    反馈：市政务公开办2024年第三季度通报｜政策解读栏目更新不及时
    采纳：候选2            （或 采纳：cand.unable_share、采纳：上年问题1）
    不采纳：候选1
    措施：制作图解和短视频解读｜责任：办公室｜时限：2025年6月底前｜针对：问题1｜继续：上年措施2

``上年问题N``/``上年措施N`` are positions in last year's section 五 as :func:`split_problems`
reads it; ``候选N`` the N-th open candidate (:func:`open_candidates`, as the skeleton lists them);
``问题N`` the N-th of this year's problems (问题, 反馈 and 采纳 lines all count). A 措施 answers
the nearest 问题/反馈/采纳 line above it unless ``针对`` says otherwise (``针对：无``: none).
Every other line is a plain note, read as before (:func:`assistant.facts.note_topic`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from assistant.account.candidates import Candidate, adopt, candidate_problems, dismiss, open_candidates
from assistant.account.model import (
    Fate,
    Follow,
    Measure,
    PreviousMeasure,
    PreviousProblem,
    Problem,
    ProblemOrigin,
    YearAccount,
    new_id,
    previous_id,
    put,
)
from assistant.account.previous import split_problems
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from assistant.form import REPORT_NAME
from assistant.report import Report

SOURCE = "起草说明"
_S = TypeVar("_S", Fate, Follow)

_BAR = re.compile(r"[｜|丨]")
_NUMERAL = r"[0-9０-９]+|[一二三四五六七八九十]+"
_PREVIOUS_LINE = re.compile(rf"^(上年问题|上年措施)\s*({_NUMERAL})\s*[：:]\s*(.*)$")
_ACCOUNT_LINE = re.compile(r"^(问题|反馈|采纳|不采纳|措施)\s*[：:]\s*(.*)$")
_BRACKETED = re.compile(
    rf"^[【\[]\s*((?:上年问题|上年措施)\s*(?:{_NUMERAL})|问题|反馈|采纳|不采纳|措施)\s*[】\]]\s*(.*)$"
)
_FIELD = re.compile(r"^(依据|责任单位|责任人|责任|完成时限|时限|期限|针对|继续)\s*[：:]\s*(.*)$")
_FIELD_NAMES = {"依据": "依据", "责任单位": "责任", "责任人": "责任", "责任": "责任", "完成时限": "时限",
                "时限": "时限", "期限": "时限", "针对": "针对", "继续": "继续"}
_MEASURE_FIELDS = ("责任", "时限", "针对", "继续")
_NO_TARGET = ("无", "不针对", "（无）")


@dataclass(frozen=True)
class NotesReading:
    account: YearAccount  # report.account laid over last year's items (with_previous), then the notes' lines applied
    notes: list[str]  # the remaining plain note lines, for build_facts(notes=...)


def read_lines(path: Path) -> list[str]:
    """The notes file's lines as written (comments and blank lines kept, so that line numbers hold)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise NianbaoError(f"无法读取起草说明文件 {path}：{exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise NianbaoError(f"起草说明文件 {path} 不是 UTF-8 文本") from None
    return text.splitlines()


def previous_items(previous: Report | None) -> tuple[list[str], list[str]]:
    """Last year's problems and measures as :func:`split_problems` numbers them (empty without a report)."""
    if previous is None:
        return [], []
    return split_problems(previous.text(SectionKey.PROBLEMS), previous.meta.year)


def base_account(report: Report, previous: Report | None) -> YearAccount:
    """``report.account`` laid over last year's items as they are split now."""
    if previous is None:
        return report.account
    return report.account.with_previous(*previous_items(previous))


# --- reading ----------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    tag: str  # 上年问题, 上年措施, 问题, 反馈, 采纳, 不采纳, 措施
    position: int  # N of 上年问题N / 上年措施N
    parts: list[str]


@dataclass
class _Pending:
    """A measure whose 针对 is resolved once every problem is known (``问题3`` may come later)."""

    measure_id: str
    number: int
    target: str


@dataclass
class _Reader:
    report: Report
    previous: Report | None
    source: str
    account: YearAccount
    prev_problems: list[str]
    prev_measures: list[str]
    numbered: list[Candidate] = field(default_factory=list)
    by_key: dict[str, Candidate] = field(default_factory=dict)
    decided: dict[str, tuple[str, int]] = field(default_factory=dict)  # candidate key → (采纳/不采纳, line)
    pending: list[_Pending] = field(default_factory=list)

    def error(self, number: int, message: str) -> NianbaoError:
        return NianbaoError(f"{self.source}第{number}行：{message}")

    # -- last year's items --

    def previous_item(self, number: int, tag: str, position: int) -> str:
        items = self.prev_problems if tag == "上年问题" else self.prev_measures
        what = "问题" if tag == "上年问题" else "措施"
        if self.previous is None:
            raise self.error(number, f"写了“{tag}{position}”，但没有提供上年报告（请用 --previous 指定上年报告）")
        if not 1 <= position <= len(items):
            have = f"只有{len(items)}条（{tag}1至{tag}{len(items)}）" if items else "没有列出"
            raise self.error(number, f"没有“{tag}{position}”：上年报告第五部分提出的{what}{have}")
        return previous_id(items[position - 1], measure=tag == "上年措施")

    def apply_previous(self, line: _Line) -> None:
        item_id = self.previous_item(line.number, line.tag, line.position)
        status, rest = line.parts[0].strip(), [p.strip() for p in line.parts[1:] if p.strip()]
        if line.tag == "上年问题":
            problems = list(self.account.previous_problems)
            item = next((p for p in problems if p.id == item_id), None) or PreviousProblem(
                id=item_id, text=self.prev_problems[line.position - 1])
            update: dict[str, object] = {}
            if status:
                update["status"] = _status(Fate, status, lambda m: self.error(line.number, m), "整改举措")
            if rest:
                update["actions"] = rest
            self.account = self.account.model_copy(
                update={"previous_problems": put(problems, item.model_copy(update=update))})
        else:
            measures = list(self.account.previous_measures)
            found = next((m for m in measures if m.id == item_id), None) or PreviousMeasure(
                id=item_id, text=self.prev_measures[line.position - 1])
            update = {}
            if status:
                update["status"] = _status(Follow, status, lambda m: self.error(line.number, m), "落实情况")
            if rest:
                update["how"] = "；".join(r.rstrip("。；;") for r in rest)
            self.account = self.account.model_copy(
                update={"previous_measures": put(measures, found.model_copy(update=update))})

    # -- candidates --

    def candidate(self, number: int, ref: str) -> Candidate:
        ref = ref.strip()
        plain = unicodedata.normalize("NFKC", ref)
        match = re.fullmatch(rf"(?:候选)?\s*({_NUMERAL})", ref)
        if match:
            n = _to_int(match.group(1))
            if not 1 <= n <= len(self.numbered):
                listed = f"共有{len(self.numbered)}条（候选1至候选{len(self.numbered)}）" if self.numbered else "没有"
                raise self.error(number, f"没有“候选{n}”：根据表格数据提示的候选问题{listed}，"
                                         "请用 nianbao notes 重新生成起草说明模板查看")
            return self.numbered[n - 1]
        match = re.fullmatch(rf"上年问题\s*({_NUMERAL})", ref)
        if match:
            position = _to_int(match.group(1))
            item_id = self.previous_item(number, "上年问题", position)
            key = "cand.unresolved." + item_id.partition(".")[2]
            if key not in self.by_key:
                raise self.error(number, f"上年问题{position}没有标为“未整改”，不能作为本年仍未解决的问题采纳"
                                         f"（请先写“上年问题{position}：未整改”）")
            return self.by_key[key]
        if plain in self.by_key:
            return self.by_key[plain]
        raise self.error(number, f"没有候选问题“{ref}”：请写“候选N”（N为起草说明模板中的编号）、候选问题的编号（如 "
                                 "cand.unable_share）或“上年问题N”")

    def decide(self, number: int, key: str, verdict: str) -> None:
        earlier = self.decided.get(key)
        if earlier is not None and earlier[0] != verdict:
            raise self.error(number, f"候选问题 {key} 已在第{earlier[1]}行写了“{earlier[0]}”，不能同时“{verdict}”")
        self.decided[key] = (verdict, number)

    # -- this year's problems and measures --

    def add_problem(self, number: int, text: str, *, origin: ProblemOrigin, evidence: list[str],
                    source: str = "") -> str:
        problems = list(self.account.problems)
        wanted = _norm(text)
        index = next((i for i, p in enumerate(problems) if _norm(p.text) == wanted), None)
        if index is not None:
            update: dict[str, object] = {}
            if evidence:
                update["evidence"] = evidence
            if origin is ProblemOrigin.FEEDBACK:
                update.update(origin=origin, source=source)
            problems[index] = problems[index].model_copy(update=update)
            self.account = self.account.model_copy(update={"problems": problems})
            return problems[index].id
        problem = Problem(id=new_id("p", self._taken(), text), text=text, origin=origin, evidence=evidence,
                          source=source)
        self.account = self.account.model_copy(update={"problems": [*problems, problem]})
        return problem.id

    def add_measure(self, line: _Line, nearest: str | None) -> None:
        text = line.parts[0].strip()
        fields: dict[str, str] = {}
        for part in line.parts[1:]:
            name, value = _field(part)
            if name not in _MEASURE_FIELDS:
                said = f"“{name}”" if name else f"“{part.strip()}”"
                raise self.error(line.number,
                                 f"措施行中的{said}无法识别：竖线后可写 责任：…、时限：…、针对：…、继续：…")
            if value:
                fields[name] = value
        measures = list(self.account.measures)
        measure = next((m for m in measures if _norm(m.text) == _norm(text)), None) or Measure(
            id=new_id("m", self._taken(), text), text=text)
        update: dict[str, object] = {}
        if "责任" in fields:
            update["owner"] = fields["责任"]
        if "时限" in fields:
            update["deadline"] = fields["时限"]
        if "继续" in fields:
            update["continues"] = self.continued(line.number, fields["继续"])
        if "针对" not in fields and nearest is not None:
            update["problem"] = nearest
        measure = measure.model_copy(update=update)
        self.account = self.account.model_copy(update={"measures": put(measures, measure)})
        if "针对" in fields:
            self.pending.append(_Pending(measure.id, line.number, fields["针对"]))

    def continued(self, number: int, value: str) -> str:
        match = re.fullmatch(rf"(?:上年措施)?\s*({_NUMERAL})", value.strip())
        if not match:
            raise self.error(number, f"“继续：{value}”无法识别：请写“继续：上年措施N”")
        return self.previous_item(number, "上年措施", _to_int(match.group(1)))

    def target(self, pending: _Pending) -> str | None:
        value = pending.target.strip()
        if value in _NO_TARGET:
            return None
        match = re.fullmatch(rf"(上年问题|问题|候选)\s*({_NUMERAL})", value)
        if match and match.group(1) == "上年问题":
            return self.previous_item(pending.number, "上年问题", _to_int(match.group(2)))
        if match and match.group(1) == "问题":
            n, problems = _to_int(match.group(2)), self.account.problems
            if not 1 <= n <= len(problems):
                have = f"只有{len(problems)}个（问题、反馈、采纳各行按顺序编号）" if problems else "还没有"
                raise self.error(pending.number, f"“针对：{value}”不存在：本年问题{have}")
            return problems[n - 1].id
        if (match and match.group(1) == "候选") or value.startswith("cand."):
            key = self.candidate(pending.number, value).key
            problem = next((p for p in self.account.problems if p.candidate == key), None)
            if problem is None:
                raise self.error(pending.number, f"“针对：{value}”所指的候选问题没有采纳")
            return problem.id
        raise self.error(pending.number, f"“针对：{value}”无法识别：请写“针对：问题N”“针对：上年问题N”“针对：候选N”"
                                         "或“针对：无”")

    def _taken(self) -> set[str]:
        return {p.id for p in self.account.problems} | {m.id for m in self.account.measures}


def apply_notes(lines: Sequence[str], report: Report, previous: Report | None, *,
                source: str = SOURCE) -> NotesReading:
    """The account the notes describe (over ``report.account`` and last year's items; the notes win),
    and the plain note lines left for :func:`assistant.facts.build_facts`.

    ``lines`` are the file's lines as written: blank lines and ``#`` comments are skipped but
    counted, so that an error names the line the writer sees (“起草说明第5行：…”)."""
    prev_problems, prev_measures = previous_items(previous)
    reader = _Reader(report=report, previous=previous, source=source, account=base_account(report, previous),
                     prev_problems=prev_problems, prev_measures=prev_measures)
    reader.numbered = open_candidates(report.model_copy(update={"account": reader.account}), previous)
    records: list[_Line] = []
    notes: list[str] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        line = _parse(number, text)
        if line is None:
            notes.append(text)
        elif line.tag in ("上年问题", "上年措施"):
            reader.apply_previous(line)
        else:
            records.append(line)
    # Candidates by key once last year's statuses are in (a problem marked 未整改 is one).
    reader.by_key = {c.key: c for c in candidate_problems(report.model_copy(update={"account": reader.account}),
                                                          previous)}
    reader.by_key.update({c.key: c for c in reader.numbered})
    nearest: str | None = None
    for line in records:
        first = line.parts[0].strip()
        if line.tag == "措施":
            if first:
                reader.add_measure(line, nearest)
            elif len(line.parts) > 1:
                raise reader.error(line.number, "措施行缺少措施内容：请写成“措施：内容｜责任：…｜时限：…”")
        elif line.tag == "问题":
            if first:
                evidence = _evidence(reader, line, line.parts[1:], "问题")
                nearest = reader.add_problem(line.number, first, origin=ProblemOrigin.WRITER, evidence=evidence)
        elif line.tag == "反馈":
            if len(line.parts) < 2 or not line.parts[1].strip():
                if first or len(line.parts) > 1:
                    raise reader.error(line.number, "反馈行请写成“反馈：来源｜问题”，"
                                                    "如“反馈：市政务公开办第三季度通报｜政策解读栏目更新不及时”")
                continue
            evidence = _evidence(reader, line, line.parts[2:], "反馈")
            nearest = reader.add_problem(line.number, line.parts[1].strip(), origin=ProblemOrigin.FEEDBACK,
                                         evidence=evidence, source=first)
        elif line.tag == "采纳":
            if not first:
                continue
            if len(line.parts) > 2:
                raise reader.error(line.number,
                                   "采纳行请写成“采纳：候选N”，需要改写问题时写“采纳：候选N｜改写后的问题”")
            candidate = reader.candidate(line.number, first)
            reader.decide(line.number, candidate.key, "采纳")
            wording = line.parts[1].strip() if len(line.parts) > 1 and line.parts[1].strip() else None
            reader.account = adopt(reader.account, candidate, wording)
            nearest = next(p.id for p in reader.account.problems if p.candidate == candidate.key)
        elif line.tag == "不采纳":
            if not first:
                continue
            if len(line.parts) > 1:
                raise reader.error(line.number, "不采纳行请只写“不采纳：候选N”")
            key = first if first.startswith("cand.") and first not in reader.by_key else \
                reader.candidate(line.number, first).key
            reader.decide(line.number, key, "不采纳")
            reader.account = dismiss(reader.account, key)
    for pending in reader.pending:
        target = reader.target(pending)
        measures = [m.model_copy(update={"problem": target}) if m.id == pending.measure_id else m
                    for m in reader.account.measures]
        reader.account = reader.account.model_copy(update={"measures": measures})
    return NotesReading(account=reader.account, notes=notes)


def _parse(number: int, text: str) -> _Line | None:
    bracketed = _BRACKETED.match(text)
    if bracketed:
        text = f"{bracketed.group(1)}：{bracketed.group(2)}"
    match = _PREVIOUS_LINE.match(text)
    if match:
        return _Line(number, match.group(1), _to_int(match.group(2)), _BAR.split(match.group(3)))
    match = _ACCOUNT_LINE.match(text)
    if match:
        return _Line(number, match.group(1), 0, _BAR.split(match.group(2)))
    return None


def _field(part: str) -> tuple[str, str]:
    """``责任：办公室`` → (责任, 办公室); an untagged part → ("", part)."""
    match = _FIELD.match(part.strip())
    if not match:
        return "", part.strip()
    return _FIELD_NAMES[match.group(1)], match.group(2).strip()


def _evidence(reader: _Reader, line: _Line, parts: Sequence[str], what: str) -> list[str]:
    out = []
    for part in parts:
        name, value = _field(part)
        if name not in ("", "依据"):
            raise reader.error(line.number, f"{what}行中的“{name}”无法识别：{what}行竖线后只写“依据：…”；"
                                            "责任、时限、针对等写在“措施：”行")
        if value:
            out.append(value)
    return out


def _status(kind: type[_S], word: str, error: Callable[[str], NianbaoError], rest: str) -> _S:
    for status in kind:
        if word == status.value:
            return status
    valid = "、".join(s.value for s in kind)
    raise error(f"“{word}”不是可用的状态：请写{valid}之一，再用“｜”接{rest}")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).strip("。；;，,")


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _to_int(numeral: str) -> int:
    plain = unicodedata.normalize("NFKC", numeral)
    if plain.isdigit():
        return int(plain)
    if "十" in plain:
        tens, _, units = plain.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)
    return _DIGITS.get(plain, 0)


# --- writing ----------------------------------------------------------------------------------


def account_lines(account: YearAccount, report: Report, previous: Report | None) -> list[str]:
    """``account`` written back in the notes syntax: :func:`apply_notes` on these lines gives it back
    (ids, texts, statuses, targets). Last year's items no longer found in last year's text, and the
    passages a measure was adopted from, have no line."""
    prev_problems, prev_measures = previous_items(previous)
    return [*_previous_lines(account, prev_problems, prev_measures, blank=False),
            *_problem_lines(account, report, previous), *_measure_lines(account, prev_problems, prev_measures)]


def _previous_lines(account: YearAccount, prev_problems: list[str], prev_measures: list[str], *,
                    blank: bool) -> list[str]:
    lines = []
    problems = {p.id: p for p in account.previous_problems}
    for i, text in enumerate(prev_problems, start=1):
        item = problems.get(previous_id(text))
        if item is not None and (item.status or item.actions):
            lines.append(f"上年问题{i}：{item.status.value if item.status else ''}"
                         + "".join(f"｜{a}" for a in item.actions))
        elif blank:
            lines.append(f"上年问题{i}：")
    measures = {m.id: m for m in account.previous_measures}
    for i, text in enumerate(prev_measures, start=1):
        measure = measures.get(previous_id(text, measure=True))
        if measure is not None and (measure.status or measure.how):
            lines.append(f"上年措施{i}：{measure.status.value if measure.status else ''}"
                         + (f"｜{measure.how}" if measure.how else ""))
        elif blank:
            lines.append(f"上年措施{i}：")
    return lines


def _problem_lines(account: YearAccount, report: Report, previous: Report | None) -> list[str]:
    candidates = {c.key: c for c in candidate_problems(report.model_copy(update={"account": account}), previous)}
    lines = []
    for problem in account.problems:
        evidence = "".join(f"｜依据：{e}" for e in problem.evidence)
        candidate = candidates.get(problem.candidate or "")
        if candidate is not None:
            lines.append(f"采纳：{candidate.key}" + (f"｜{problem.text}" if problem.text != candidate.text else ""))
        elif problem.origin is ProblemOrigin.FEEDBACK:
            lines.append(f"反馈：{problem.source}｜{problem.text}{evidence}")
        else:
            lines.append(f"问题：{problem.text}{evidence}")
    lines += [f"不采纳：{key}" for key in account.dismissed]
    return lines


def _measure_lines(account: YearAccount, prev_problems: list[str], prev_measures: list[str]) -> list[str]:
    numbers = {p.id: f"问题{i}" for i, p in enumerate(account.problems, start=1)}
    numbers.update({previous_id(t): f"上年问题{i}" for i, t in enumerate(prev_problems, start=1)})
    continued = {previous_id(t, measure=True): f"上年措施{i}" for i, t in enumerate(prev_measures, start=1)}
    lines = []
    for measure in account.measures:
        line = f"措施：{measure.text}｜针对：{numbers.get(measure.problem or '', '无')}"
        if measure.owner:
            line += f"｜责任：{measure.owner}"
        if measure.deadline:
            line += f"｜时限：{measure.deadline}"
        if measure.continues in continued:
            line += f"｜继续：{continued[measure.continues]}"
        lines.append(line)
    return lines


def notes_skeleton(report: Report, previous: Report | None) -> str:
    """A notes file to fill in: last year's problems and measures numbered, with empty status lines;
    the open candidates and their evidence; examples. Read back by :func:`apply_notes` it changes nothing."""
    account = base_account(report, previous)
    with_account = report.model_copy(update={"account": account})
    prev_problems, prev_measures = previous_items(previous)
    year = report.meta.year
    next_year = f"{year + 1}年" if year else "次年"
    agency = report.meta.agency or "本机关"
    last = f"{previous.meta.year}年" if previous is not None and previous.meta.year else "上年"
    out = [
        f"# 起草说明：{agency}{year or ''}年{REPORT_NAME}",
        "# 每行写一条。以“#”开头的行是说明，不会读入；冒号、竖线全角半角均可（：或 :，｜或 |）。",
        "# 用法：nianbao draft 报告 --section 五 --notes 本文件 --previous 上年报告",
        "",
    ]
    previous_lines = _previous_lines(account, prev_problems, prev_measures, blank=True)
    by_tag = {line.split("：", 1)[0]: line for line in previous_lines}
    if previous is None:
        out += ["# 一、上年问题整改情况：未提供上年报告（--previous），无法列出上年报告提出的问题和措施。", ""]
    else:
        out += [f"# 一、{last}报告提出的问题：在冒号后填写 已整改、部分整改 或 未整改，",
                "#    再用“｜”接本年采取的整改举措和成效。",
                "#    例：上年问题1：部分整改｜开设“政策图解”专栏，全年发布图解解读若干篇（写明上线时间）"]
        if not prev_problems:
            out.append(f"#    （{last}报告第五部分未能识别出问题）")
        for i, text in enumerate(prev_problems, start=1):
            out += [f"# 上年问题{i}：{text}", by_tag[f"上年问题{i}"]]
        out += ["", f"# 二、{last}报告提出的措施：填写 已落实、部分落实、未落实 或 继续实施，再用“｜”接落实情况。"]
        if not prev_measures:
            out.append(f"#    （{last}报告第五部分未能识别出改进措施）")
        for i, text in enumerate(prev_measures, start=1):
            out += [f"# 上年措施{i}：{text}", by_tag[f"上年措施{i}"]]
        out.append("")
    candidates = open_candidates(with_account, previous)
    out += ["# 三、根据表格数据提示的候选问题：列为本年问题写“采纳：候选N”（可接“｜改写后的问题”），",
            "#    不列为本年问题写“不采纳：候选N”。"]
    if not candidates:
        out.append("#    （表格数据没有需要提示的问题）")
    for i, candidate in enumerate(candidates, start=1):
        out += [f"# 候选{i}：{candidate.text}", f"#    依据：{candidate.evidence}"]
    out += [
        "#    上年问题标为“未整改”的，可写“采纳：上年问题N”，列为本年仍未解决的问题。",
        "",
        "# 四、本年存在的问题和改进措施（问题要实事求是、明确具体，写明依据的事实和数字）：",
        "# 问题：……｜依据：……",
        "# 反馈：上级通报或第三方评估的名称｜指出的问题",
        f"# 措施：……｜责任：办公室｜时限：{next_year}6月底前",
        "# 措施：继续……｜继续：上年措施2",
        "# 措施：……｜针对：上年问题1",
        "#    措施默认针对它上方最近的“问题/反馈/采纳”行；",
        "#    “针对：问题N”按本年问题的顺序编号（问题、反馈、采纳各行都算），“针对：无”表示不针对具体问题。",
    ]
    out += _problem_lines(account, report, previous) + _measure_lines(account, prev_problems, prev_measures)
    out += [
        "",
        "# 五、其他起草要点：每行一条，可用“主动公开：”“依申请公开：”“政府信息管理：”“平台建设：”“监督保障：”",
        "#    “信息处理费：”“其他：”开头，如“信息处理费：本年度未收取信息处理费”。",
        "",
    ]
    return "\n".join(out)
