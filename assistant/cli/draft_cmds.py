"""`nianbao draft`: a checked draft of section 一, 五 or 六, streamed and written with its provenance."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from assistant.account.notes import read_lines
from assistant.atomic import write_text
from assistant.cli.previous import read_previous
from assistant.drafting.pipeline import DRAFTABLE, draft_section, parse_section
from assistant.drafting.schema import Draft
from assistant.drafting.stream import TerminalSink
from assistant.errors import UnreadableInput
from assistant.facts import build_facts
from assistant.form import section_heading
from assistant.llm import ENV_SPEC, Model, open_spec
from assistant.report import Report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    *first, last = (f"“{section_heading(k)}”" for k in DRAFTABLE)
    d = sub.add_parser(
        "draft", help="起草第一、五、六部分：先列事实，再由模型（或模板）成稿，逐句核对",
        description=f"起草{''.join(first)}或{last}。"
                    f"未配置模型（{ENV_SPEC}）时用模板生成朴素但准确的草稿。",
    )
    d.add_argument("file", type=Path, help="本年度报告（.txt/.html/.docx/.json，表格已填好）")
    d.add_argument("--section", required=True, help="要起草的部分：一、五 或 六")
    d.add_argument("--previous", type=Path, help="上一年度的报告（用于上年问题整改情况、与上年对比、防止雷同）")
    d.add_argument("--notes", type=Path, help="起草说明：撰稿人对本年工作的要点，每行一条；第五部分的整改台账也写在这里"
                                          "（“上年问题1：部分整改｜…”“问题：…｜依据：…”“采纳：候选1”“措施：…｜责任：…”，"
                                          "nianbao notes 可生成模板）")
    d.add_argument("--model", help=f"模型，写作“提供方:模型名”（如 deepseek:deepseek-chat）；template 为模板；"
                                   f"local 为本地小模型逐句润色模板稿；默认读 {ENV_SPEC}")
    d.add_argument("-o", "--output", type=Path, help="把草稿及其出处写入 JSON 文件")
    d.add_argument("--index", type=Path, help="检索库文件夹（nianbao corpus 建立）：检索相关条文和往年报告范文段落")
    d.add_argument("--facts", action="store_true", help="先打印事实表")
    d.add_argument("--quiet", action="store_true", help="不显示模型的实时输出")
    d.set_defaults(func=_draft)


def load_report(path: Path, what: str) -> Report:
    from assistant.parsing import parse_file

    if not path.is_file():
        raise UnreadableInput(f"找不到{what}：{path}")
    return parse_file(path)


@contextlib.contextmanager
def _model(spec: str | None) -> Iterator[tuple[Model | None, bool]]:
    """The model to draft with, and whether it only polishes the template draft (local models)."""
    with open_spec(spec, notice=lambda line: print(line, file=sys.stderr)) as model:
        yield model, model is not None and model.provider.polish_only


def _draft(args: argparse.Namespace) -> int:
    from assistant.services import draft_inputs, index_finder  # deferred: the workspace and chat

    section = parse_section(args.section)
    report = load_report(args.file, "报告文件")
    previous = (read_previous(args.previous, "起草时不使用上年报告（上年问题整改情况、与上年对比、雷同检查均跳过）")[0]
                if args.previous else None)
    lines = read_lines(args.notes) if args.notes else []
    source = f"起草说明（{args.notes.name}）" if args.notes else "起草说明"
    report, notes = draft_inputs(report, previous, lines, source=source)
    if args.facts:
        print(build_facts(report, previous, notes).to_markdown(section))
    sink = None if args.quiet else TerminalSink(sys.stderr)
    with _model(args.model) as (model, polish_only), index_finder(args.index) as finder:
        if polish_only and model is not None:
            from assistant.drafting.polish import polish_draft

            template = draft_section(report, section, previous=previous, notes=notes, finder=finder)
            draft, stats = polish_draft(template, model, report, previous, sink=sink)
            print(f"\n润色 {stats.attempted} 句：原样返回 {stats.unchanged} 句，改写 {stats.changed} 句，"
                  f"其中通过核对保留 {stats.survived} 句", file=sys.stderr)
        else:
            draft = draft_section(report, section, previous=previous, notes=notes, model=model, sink=sink,
                                  finder=finder)
    print(show(draft))
    if args.output:
        write_text(args.output, draft.to_json() + "\n")
        print(f"草稿及出处已写入 {args.output}", file=sys.stderr)
    return 0


def show(draft: Draft) -> str:
    p = draft.provenance
    errors = len(draft.open_errors)
    warnings = len(draft.findings) - errors
    lines = [
        "",
        f"{draft.heading}（{draft.label}）",
        draft.annotated,
        "",
        f"模型：{p.model}；提示词：{p.prompt or '无'}；调用 {p.calls} 次，重试 {p.retries} 次；"
        f"修复轮：{'有' if p.repair_round else '无'}，改好 {p.repaired} 句",
        f"待处理：错误 {errors} 处，提示 {warnings} 处（句后【待核实】/【待补充】）",
    ]
    lines += [f"  - {f.message}" for f in draft.findings if f.span is None]
    return "\n".join(lines)
