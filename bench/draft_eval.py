"""Drafting evaluation: per model, the share of drafts that state only verified numbers, cite only
valid articles, and do not repeat last year's section 五.

Agency-years: the published samples (tests/fixtures/samples) and consecutive years of synthetic
agencies (testdata.synth.synthetic_series). The writer's notes are simulated from what the
report itself says (this year's problems and measures, the fee sentence, what became of last
year's problems), so a drafter has what a writer would give it.

    .venv/bin/python bench/draft_eval.py                       # the template drafter, all agency-years
    .venv/bin/python bench/draft_eval.py --model local --limit 4 --sections 五
        # the 1.5B local model (make local-model) polishing template drafts sentence by sentence
    .venv/bin/python bench/draft_eval.py --model draft:local:test --limit 3 --sections 六
        # the 0.5B model drafting from the facts (JSON mode), with the repair round
    .venv/bin/python bench/draft_eval.py --strong
        # section 五 from the answers a strong model would give (tests/fixtures/strong), served over
        # HTTP by the replay server: false alarms on faithful sentences, planted inventions caught

With ``--strong`` the guards are judged instead of a model: every agency-year of
``tests/fixtures/strong`` is drafted twice over the OpenAI-compatible replay server on 127.0.0.1
(``tests/replay.py``), once from its faithful answer and once from the same answer with inventions
planted, with ``max_repairs=0``; the table gives the faithful sentences marked (false alarms), the
planted sentences marked (caught, by kind), the share of the faithful drafts' clauses copied from
last year's 五, and the time per draft.

Models: ``template``; ``local`` / ``local:test`` (polish with the 1.5B / 0.5B model, started on
127.0.0.1); ``draft:local`` / ``draft:local:test`` (full drafting with them); any
``provider:model`` spec (full drafting through the configured endpoint, see assistant.llm).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.account import split_problems  # noqa: E402
from assistant.atomic import write_text  # noqa: E402
from assistant.checks.crossyear import REPEAT_THRESHOLD, problem_sentences  # noqa: E402
from assistant.drafting import Draft, draft_section, polish_draft  # noqa: E402
from assistant.drafting.polish import PolishStats  # noqa: E402
from assistant.drafting.verify import similarity  # noqa: E402
from assistant.findings import SectionKey  # noqa: E402
from assistant.llm import Model, model_from_spec  # noqa: E402
from assistant.parsing import parse_file  # noqa: E402
from assistant.report import Report  # noqa: E402
from testdata.synth import synthetic_series  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SAMPLE_YEARS: tuple[tuple[str, str | None], ...] = (
    ("pingtan-zone-2020.txt", None),
    ("pingtan-zone-2021.txt", "pingtan-zone-2020.txt"),
    ("pingtan-zone-2022.txt", "pingtan-zone-2021.txt"),
    ("shuyang-fgj-2023.html", None),
    ("jinghe-gongyeyuanqu-2021.txt", None),
    ("shanghai-gov-office-2019.txt", None),
)
SYNTHETIC_AGENCIES = ("临川县教育局", "青溪县民政局", "东河县财政局", "南平县水利局", "北塘县交通运输局",
                      "西岭县卫生健康委员会")
SYNTHETIC_YEARS = range(2021, 2024)


@dataclass(frozen=True)
class AgencyYear:
    name: str
    report: Report
    previous: Report | None
    notes: tuple[str, ...]
    synthetic: bool = False


def simulated_notes(report: Report, previous: Report | None) -> tuple[str, ...]:
    """What a writer would note down, taken from what the report itself says."""
    notes: list[str] = []
    problems, measures = split_problems(report.text(SectionKey.PROBLEMS), report.meta.year)
    notes += [f"问题：{p}" for p in problems[:3]]
    notes += [f"措施：{m}" for m in measures[:3]]
    if previous is not None:
        last, done = split_problems(previous.text(SectionKey.PROBLEMS), previous.meta.year)
        for problem, measure in zip(last[:3], done[:3], strict=False):
            name = re.split(r"[，,；;]", problem)[0]
            notes.append(f"整改：针对“{name}”问题，{measure.split('，')[0]}")
    other = report.text(SectionKey.OTHER)
    fee = next((s for s in re.split(r"(?<=[。；])", other) if "信息处理费" in s or "收费" in s), "")
    if fee:
        notes.append(f"信息处理费：{fee.strip()}")
    return tuple(notes)


def agency_years(rng: random.Random) -> Iterator[AgencyYear]:
    for name, last in SAMPLE_YEARS:
        report = parse_file(SAMPLES / name)
        previous = parse_file(SAMPLES / last) if last else None
        yield AgencyYear(name.rsplit(".", 1)[0], report, previous, simulated_notes(report, previous))
    for agency in SYNTHETIC_AGENCIES:
        previous_report: Report | None = None
        for report in synthetic_series(rng, agency=agency, years=SYNTHETIC_YEARS):
            yield AgencyYear(f"{agency}-{report.meta.year}", report, previous_report,
                             simulated_notes(report, previous_report), synthetic=True)
            previous_report = report


@dataclass
class Tally:
    drafts: int = 0
    no_unverified: int = 0
    no_bad_citation: int = 0
    compared: int = 0  # section 五 drafts with last year's report to compare with
    not_repeated: int = 0
    no_open_error: int = 0
    unsupported: int = 0
    seconds: float = 0.0
    polish: list[PolishStats] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, draft: Draft, previous: Report | None) -> None:
        codes = [f.code for f in draft.findings]
        self.drafts += 1
        self.no_unverified += "draft.number_unverified" not in codes
        self.no_bad_citation += not any(c.startswith("cite.") for c in codes)
        self.no_open_error += not draft.open_errors
        self.unsupported += codes.count("draft.unsupported_claim")
        self.seconds += draft.provenance.duration_s
        if draft.section is SectionKey.PROBLEMS and previous is not None:
            self.compared += 1
            self.not_repeated += max_similarity(draft.text, previous) < REPEAT_THRESHOLD


def max_similarity(text: str, previous: Report) -> float:
    """The highest similarity of a draft sentence to a sentence of last year's 五 (quotes left out)."""
    before = problem_sentences(re.sub(r"[：:]", "。", previous.text(SectionKey.PROBLEMS)))
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s.strip()]
    return max((similarity(s, g) for s in sentences for _, _, g in before), default=0.0)


@contextlib.contextmanager
def opened(spec: str) -> Iterator[tuple[Model | None, bool]]:
    """(model, polish only) for a bench model name."""
    if spec == "template":
        yield None, False
        return
    full = spec.startswith("draft:")
    name = spec.removeprefix("draft:")
    if name.split(":")[0] == "local":
        from assistant.drafting.local import local_model, local_model_path, local_server

        path = local_model_path(name.partition(":")[2] or "local")
        with local_server(path) as url:
            yield local_model(url, f"local:{path.stem}", max_tokens=400, timeout_s=900), not full
        return
    yield model_from_spec(name), False


def evaluate(spec: str, years: list[AgencyYear], sections: list[str], limit: int | None, every: int = 1,
             keep: Path | None = None) -> Tally:
    tally = Tally()
    chosen = years[::every]
    chosen = chosen if limit is None else chosen[:limit]
    with opened(spec) as (model, polish_only):
        for item in chosen:
            for numeral in sections:
                started = time.monotonic()
                try:
                    if polish_only and model is not None:
                        base = draft_section(item.report, numeral, previous=item.previous, notes=item.notes)
                        draft, stats = polish_draft(base, model, item.report, item.previous)
                        tally.polish.append(stats)
                    else:
                        draft = draft_section(item.report, numeral, previous=item.previous, notes=item.notes,
                                              model=model)
                except Exception as exc:  # a bench reports every failure and goes on
                    tally.failures.append(f"{item.name} {numeral}：{exc}")
                    continue
                tally.add(draft, item.previous)
                if keep is not None:
                    name = re.sub(r"[^\w.-]", "_", f"{spec}-{item.name}-{numeral}")
                    write_text(keep / f"{name}.json", draft.to_json())
                print(f"  {spec} {item.name} {numeral}: {time.monotonic() - started:.1f}s, "
                      f"未决 {len(draft.findings)}", file=sys.stderr)
    return tally


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part}/{whole})" if whole else "—"


def report_lines(spec: str, tally: Tally) -> list[str]:
    lines = [
        f"| {spec} | {tally.drafts} | {_pct(tally.no_unverified, tally.drafts)} | "
        f"{_pct(tally.no_bad_citation, tally.drafts)} | {_pct(tally.not_repeated, tally.compared)} | "
        f"{_pct(tally.no_open_error, tally.drafts)} | {tally.unsupported} | "
        f"{tally.seconds / tally.drafts if tally.drafts else 0:.1f} |"
    ]
    if tally.polish:
        attempted = sum(p.attempted for p in tally.polish)
        changed = sum(p.changed for p in tally.polish)
        survived = sum(p.survived for p in tally.polish)
        reasons: dict[str, int] = {}
        for stats in tally.polish:
            for reason, count in stats.reasons.items():
                reasons[reason] = reasons.get(reason, 0) + count
        top = "；".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda x: -x[1])[:5])
        lines.append(f"|   润色：送去 {attempted} 句，改写 {changed} 句，改写后通过核对 | {_pct(survived, changed)} "
                     f"| 退回原因：{top} |")
    return lines


# --- the guards against a strong model's answers (--strong) ----------------------------------------------


@dataclass
class StrongResult:
    """One agency-year of tests/fixtures/strong, drafted from its faithful and its planted answer."""

    name: str
    faithful: int = 0  # model sentences of the faithful draft
    alarms: list[tuple[str, list[str]]] = field(default_factory=list)  # faithful sentences marked, with codes
    planted: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (kind, text, codes; [] = missed)
    copied: float | None = None  # share of the faithful draft's clauses copied from last year's 五
    seconds: list[float] = field(default_factory=list)  # per draft


def copied_clauses(text: str, previous_text: str) -> float:
    """Share of ``text``'s clause characters found in a clause of last year's 五 (the guards' own
    measure when they have one: assistant.drafting.repeats.copied_share)."""
    try:
        from assistant.drafting.repeats import copied_share
    except ImportError:  # pragma: no cover - before clause-level repeats existed
        mine = [c for c in re.split(r"[，,；;。：:]", text) if len(c.strip()) >= 5]
        before = {c.strip() for c in re.split(r"[，,；;。：:]", previous_text) if c.strip()}
        total = sum(len(c) for c in mine)
        return sum(len(c) for c in mine if c.strip() in before) / total if total else 0.0
    return copied_share(text, previous_text)


def strong_evaluate(names: list[str] | None = None) -> list[StrongResult]:
    from assistant.drafting import Origin
    from tests.replay import ReplayServer, Reply, load_case, strong_case_names

    results = []
    names = names or strong_case_names()
    with ReplayServer() as server:
        model = server.model(max_retries=0)
        warm = load_case(names[0])  # the first draft loads jieba and the corpus: not timed
        server.reset([Reply(warm.faithful_text)])
        draft_section(warm.report, "五", previous=warm.previous, notes=warm.notes, model=model, max_repairs=0)
        for name in names:
            case = load_case(name)
            result = StrongResult(name)
            drafts = {}
            for which, answer in (("faithful", case.faithful_text), ("planted", case.planted_text)):
                server.reset([Reply(answer, match=(case.match,), label=which)])
                started = time.monotonic()
                drafts[which] = draft_section(case.report, "五", previous=case.previous, notes=case.notes,
                                              model=model, max_repairs=0)
                result.seconds.append(time.monotonic() - started)
            written = [s for s in drafts["faithful"].sentences if s.origin is Origin.MODEL]
            result.faithful = len(written)
            result.alarms = [(s.text, sorted({m.code for m in s.marks})) for s in written if s.marks]
            by_text = {s.text: s for s in drafts["planted"].sentences}
            for plant in case.planted_sentences:
                sentence = by_text.get(plant.text)
                codes = sorted({m.code for m in sentence.marks}) if sentence is not None else ["(不在草稿中)"]
                result.planted.append((plant.kind, plant.text, codes))
            if case.previous is not None:
                result.copied = copied_clauses("".join(s.text for s in written),
                                               case.previous.text(SectionKey.PROBLEMS))
            print(f"  {name}: 忠实句 {result.faithful}，误报 {len(result.alarms)}；"
                  f"植入 {len(result.planted)}，识别 {sum(bool(c) for _, _, c in result.planted)}", file=sys.stderr)
            results.append(result)
    return results


KIND_NAMES = {"status": "与整改状态矛盾", "deadline": "编造时限", "frequency": "编造频次",
              "sanction": "编造考核问责", "copied": "照抄上年措施", "numeral": "编造数字（汉字）",
              "number": "编造数字（阿拉伯数字）", "cause": "编造原因"}


def strong_lines(results: list[StrongResult]) -> list[str]:
    lines = ["| 机关年度 | 忠实句 | 误报 | 植入 | 识别 | 忠实稿中抄自上年的分句 | 秒/稿 |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        caught = sum(bool(c) for _, _, c in r.planted)
        copied = "—" if r.copied is None else f"{r.copied:.1%}"
        lines.append(f"| {r.name} | {r.faithful} | {len(r.alarms)} | {len(r.planted)} | {caught} | {copied} | "
                     f"{sum(r.seconds) / len(r.seconds):.1f} |")
    faithful = sum(r.faithful for r in results)
    alarms = sum(len(r.alarms) for r in results)
    planted = [p for r in results for p in r.planted]
    caught = sum(bool(c) for _, _, c in planted)
    shares = [r.copied for r in results if r.copied is not None]
    seconds = [t for r in results for t in r.seconds]
    lines.append(f"| **合计** | {faithful} | **{_pct(alarms, faithful)}** | {len(planted)} | "
                 f"**{_pct(caught, len(planted))}** | {sum(shares) / len(shares) if shares else 0:.1%}（平均） | "
                 f"{sum(seconds) / len(seconds) if seconds else 0:.1f} |")
    lines += ["", "| 植入类型 | 植入 | 识别 |", "|---|---|---|"]
    kinds = list(dict.fromkeys(k for k, _, _ in planted))
    for kind in kinds:
        of_kind = [c for k, _, c in planted if k == kind]
        lines.append(f"| {KIND_NAMES.get(kind, kind)}（{kind}） | {len(of_kind)} | "
                     f"{_pct(sum(bool(c) for c in of_kind), len(of_kind))} |")
    lines += ["", "误报（忠实句被标记）："]
    lines += [f"- {r.name}：{text}（{'、'.join(codes)}）" for r in results for text, codes in r.alarms] or ["- 无"]
    lines += ["", "漏报（植入未被标记）："]
    lines += [f"- {r.name}［{kind}］{text}" for r in results for kind, text, codes in r.planted
              if not codes] or ["- 无"]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append",
                        help="template（默认）、local、local:test、draft:local:test 或 provider:model")
    parser.add_argument("--sections", default="一,五,六", help="逗号分隔：一,五,六")
    parser.add_argument("--limit", type=int, help="只用前 N 个机关年度（模型较慢时）")
    parser.add_argument("--with-previous", action="store_true", help="只用有上年报告的机关年度")
    parser.add_argument("--every", type=int, default=1, help="每隔 N 个取一个机关年度（样本与合成数据都覆盖到）")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", type=Path, help="把结果写入 JSON 文件")
    parser.add_argument("--drafts", type=Path, help="把每份草稿（含出处）写入这个文件夹")
    parser.add_argument("--strong", action="store_true",
                        help="用强模型的回答（tests/fixtures/strong，经本机回放服务）评测第五部分的核对：误报与植入识别")
    parser.add_argument("--cases", help="与 --strong 同用：逗号分隔的机关年度文件夹名")
    args = parser.parse_args(argv)
    if args.strong:
        names = [n.strip() for n in args.cases.split(",")] if args.cases else None
        started = time.monotonic()
        strong = strong_evaluate(names)
        print(f"强模型回答回放：{len(strong)} 个机关年度，第五部分，max_repairs=0，"
              f"用时 {time.monotonic() - started:.1f} 秒")
        for line in strong_lines(strong):
            print(line)
        if args.json:
            write_text(args.json, json.dumps([vars(r) for r in strong], ensure_ascii=False, indent=2))
        return 0
    years = list(agency_years(random.Random(args.seed)))
    if args.with_previous:
        years = [y for y in years if y.previous is not None]
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    samples = sum(1 for y in years if not y.synthetic)
    print(f"机关年度 {len(years)} 个（样本 {samples}，合成 {len(years) - samples}），"
          f"有上年报告的 {sum(y.previous is not None for y in years)} 个；部分：{'、'.join(sections)}")
    print("| 模型 | 草稿数 | 无未核实数字 | 无无效引用 | 与上年第五部分不雷同 | 无未决错误 | 无依据陈述（句） "
          "| 平均秒数 |")
    print("|---|---|---|---|---|---|---|---|")
    results = {}
    for spec in args.model or ["template"]:
        if args.drafts:
            args.drafts.mkdir(parents=True, exist_ok=True)
        tally = evaluate(spec, years, sections, args.limit, args.every, args.drafts)
        for line in report_lines(spec, tally):
            print(line, flush=True)
        for failure in tally.failures:
            print(f"  失败：{failure}")
        results[spec] = {k: v for k, v in vars(tally).items() if k != "polish"} | {
            "polish": [p.model_dump() | {"changed": p.changed} for p in tally.polish]}
    if args.json:
        write_text(args.json, json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
