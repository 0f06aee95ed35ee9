"""`nianbao rollup`: consolidate the units' reports into one government's report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant import atomic
from assistant.audit import AuditProgress, discover
from assistant.errors import NianbaoError, UnreadableInput
from assistant.form import TABLE_NAMES
from assistant.parsing import parse_file
from assistant.rollup import FailingPolicy, read_roster, rollup, write_html, write_xlsx


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rollup", help=f"汇总所属单位的年度报告，生成本级政府的{'、'.join(TABLE_NAMES.values())}")
    p.add_argument("folder", type=Path, help="各单位报告所在文件夹（含子文件夹）")
    p.add_argument("--year", type=int, required=True, help="报告年度")
    p.add_argument("--roster", type=Path, required=True, help="花名册（.csv 或 .xlsx：单位名称、类型、上级）")
    p.add_argument("--name", required=True, help="本级政府名称，如“临川县人民政府”")
    p.add_argument("--published", type=Path, help="本级政府已发布的年度报告，逐格比对")
    p.add_argument(
        "--failing", choices=[p.value for p in FailingPolicy], default=FailingPolicy.EXCLUDE.value,
        help="未通过核对的单位报告：exclude 排除（默认）或 include 仍纳入",
    )
    p.add_argument("-o", "--output", type=Path, help="汇总结果 JSON（同名 .xlsx 和 .html 一并写出）")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数")
    p.set_defaults(func=_rollup)


def _rollup(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        raise UnreadableInput(f"找不到文件夹：{folder}")
    out: Path = args.output or Path(f"{args.name}{args.year}年汇总.json")
    if not out.parent.is_dir():
        raise NianbaoError(f"输出文件夹不存在：{out.parent}")
    roster = read_roster(args.roster)
    published = parse_file(args.published) if args.published else None
    exclude = {out.resolve(), out.with_suffix(".xlsx").resolve(), out.with_suffix(".html").resolve()}
    files = [f for f in discover(folder) if f.resolve() not in exclude
             and (args.published is None or f.resolve() != args.published.resolve())
             and f.resolve() != args.roster.resolve()]
    result = rollup(files, roster, name=args.name, year=args.year, failing=FailingPolicy(args.failing),
                    jobs=max(1, args.jobs), progress=AuditProgress(sys.stderr), published=published,
                    root=folder)
    atomic.write_text(out, result.model_dump_json(indent=2))
    write_xlsx(result, out.with_suffix(".xlsx"))
    write_html(result, out.with_suffix(".html"))
    f = result.facts
    print(f"应报 {f.units_expected} 个单位，纳入汇总 {f.units_included} 个，未找到报告 {f.units_missing} 个，"
          f"排除 {f.units_excluded} 个。{result.policy_statement}。")
    if result.missing:
        print("未找到报告：" + "、".join(result.missing))
    for m in result.fuzzy_matches:
        print(f"近似匹配：{m.unit} ← {m.candidate}（{m.score}）")
    if result.unmatched_files:
        print("不在花名册上的文件：" + "、".join(result.unmatched_files))
    for bad in result.unreadable_files:
        unit = f"（{bad.unit}）" if bad.unit else ""
        print(f"无法读取：{bad.file}{unit}：{bad.reason}")
    if result.differences is not None:
        print(f"与发布的本级报告比对：{len(result.differences)} 个单元格不一致。")
        for d in result.differences[:20]:
            print(f"  {d.label}：发布 {d.published}，汇总 {d.rollup}；" + "；".join(d.explanations))
    print(f"已写出：{out}、{out.with_suffix('.xlsx')}、{out.with_suffix('.html')}")
    return 1 if result.differences else 0
