"""`nianbao ledger template|fill|explain`: 表二、表三、表四 from the agency's own ledgers."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from assistant.cli.previous import read_previous
from assistant.errors import NianbaoError, UnreadableInput
from assistant.ledger.compute import CaseScope, Source
from assistant.ledger.explain import SOURCE_NAMES, explain, render
from assistant.ledger.fill import FillResult, fill, write_outputs
from assistant.ledger.provenance import Provenance
from assistant.ledger.templates import write_templates
from assistant.report import Report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ledger = sub.add_parser("ledger", help="用本机关的登记台账填写表二、表三、表四")
    commands = ledger.add_subparsers(dest="ledger_command", required=True, metavar="子命令")

    t = commands.add_parser("template", help="生成空白台账模板（.xlsx 与 .csv）")
    t.add_argument("folder", type=Path, help="模板写入的文件夹")
    t.add_argument("--format", choices=("both", "xlsx", "csv"), default="both",
                   help="模板格式（默认两种都生成）")
    t.set_defaults(func=_template)

    f = commands.add_parser("fill", help="由台账计算表二、表三、表四，写出报告 JSON")
    f.add_argument("ledger", type=Path, help="申请台账（.xlsx 或 .csv）")
    f.add_argument("--year", type=_year, required=True, help="报告年度，如 2024")
    f.add_argument("--cases", type=Path, help="复议诉讼台账（.xlsx 或 .csv）")
    f.add_argument("--table2", type=Path, help="表二台账（.xlsx 或 .csv）")
    f.add_argument("--previous", type=Path,
                   help="上一年度的报告（.json/.html/.txt/.docx），核对“上年结转”")
    f.add_argument("-o", "--output", type=Path, required=True, help="输出的报告 JSON")
    f.add_argument("--agency", help="报告机关名称")
    f.add_argument("--cases-scope", choices=[s.value for s in CaseScope],
                   default=CaseScope.RECEIVED.value,
                   help="表四计入哪些案件：received = 本年收到的（默认）；"
                        "active = 另加以前收到、1月1日仍未审结的")
    f.add_argument("--today", type=_date,
                   help="核对“日期晚于今天”所用的日期（默认今天），格式 2025-01-10")
    f.set_defaults(func=_fill)

    e = commands.add_parser("explain", help="说明报告中某个单元格来自台账的哪些行")
    e.add_argument("report", type=Path, help="ledger fill 写出的报告 JSON")
    e.add_argument("address", help="单元格地址，如 t3.public.natural")
    e.add_argument("--limit", type=int, default=200, help="最多列出的行数（默认 200）")
    e.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    e.set_defaults(func=_explain)


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度应为四位数字，如 2024，而不是“{text}”") from None
    if not 2008 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"年度 {year} 不在 2008–2100 之间")
    return year


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 2025-01-10，而不是“{text}”") from None


# --- template --------------------------------------------------------------------------------


def _template(args: argparse.Namespace) -> int:
    formats = ("xlsx", "csv") if args.format == "both" else (args.format,)
    written = write_templates(args.folder, formats=formats)
    print(f"已在 {args.folder} 生成台账模板：")
    for path in written:
        print(f"  {path.name}")
    print("填好后运行：nianbao ledger fill 申请台账.xlsx --year 年度 --cases 复议诉讼台账.xlsx "
          "--table2 表二.xlsx -o 报告.json")
    return 0


# --- fill ------------------------------------------------------------------------------------


def _fill(args: argparse.Namespace) -> int:
    out: Path = args.output
    if not out.parent.is_dir():
        raise NianbaoError(f"输出文件夹不存在：{out.parent}")
    previous = (read_previous(args.previous, "不核对上年结转（本年“上年结转”按台账计算）")[0]
                if args.previous else None)
    result = fill(
        args.ledger, args.year, cases=args.cases, table2=args.table2, previous=previous,
        previous_name=f"上年报告 {args.previous.name}" if args.previous else "上年报告",
        agency=args.agency, today=args.today, case_scope=CaseScope(args.cases_scope),
    )
    report_path, provenance_path = write_outputs(result, out)
    print(summary(result))
    print(f"已写出报告：{report_path}")
    print(f"来源记录：{provenance_path}（查看某个单元格的来源："
          f"nianbao ledger explain {report_path} t3.new.total）")
    if result.has_errors:
        print("注意：台账有问题（见上）。报告已写出，但只包含能读取的行；请改正台账后重新生成。")
        return 1
    return 0


def summary(result: FillResult) -> str:
    """What was read, what the tables say, and every problem found."""
    report, prov = result.report, result.provenance
    lines = []
    for source, found in prov.sources.items():
        where = f"工作表“{found.sheet}”" if found.sheet else f"编码 {found.encoding}"
        counted = "" if source is Source.TABLE2 else f"，计入{prov.year}年度 {len(found.records)} 行"
        lines.append(f"{SOURCE_NAMES[source]}：{found.name}（{where}），读取 "
                     f"{result.rows_read[source]} 行{counted}")
    c = report.cells
    lines.append(
        f"表三：本年新收 {c['t3.new.total']} 件，上年结转 {c['t3.carried_in.total']} 件，"
        f"办结 {c['t3.handled_total.total']} 件，结转下年度 {c['t3.carried_out.total']} 件"
    )
    if Source.CASES in prov.sources:
        lines.append(
            f"表四：行政复议 {c['t4.review.total']} 件，行政诉讼 "
            f"{_int(c['t4.suit_direct.total']) + _int(c['t4.suit_after_review.total'])} 件"
        )
    else:
        lines.append("表四：未提供复议诉讼台账，表四留空")
    if Source.TABLE2 not in prov.sources:
        lines.append("表二：未提供表二台账，表二留空")
    if result.issues:
        lines.append(f"台账中发现 {len(result.issues)} 个问题：")
        lines += [f"  {issue.text}" for issue in result.issues]
    if result.crosscheck:
        lines.append("与上年报告核对：")
        for finding in result.crosscheck:
            tag = "错误" if finding.is_error else "警告"
            lines.append(f"  [{tag}] {finding.message}")
    elif result.previous_checked:
        lines.append("与上年报告核对：“上年结转”各列与上年“结转下年度继续办理”一致")
    return "\n".join(lines)


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


# --- explain ---------------------------------------------------------------------------------


def _explain(args: argparse.Namespace) -> int:
    path: Path = args.report
    if not path.is_file():
        raise UnreadableInput(f"找不到报告：{path}")
    try:
        report = Report.from_json(path.read_bytes())
    except ValueError as exc:
        raise UnreadableInput(f"{path.name}：不是有效的报告 JSON（{exc}）") from exc
    found = explain(report, Provenance.for_report(path), args.address)
    if args.format == "json":
        print(json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(render(found, limit=max(0, args.limit)))
    return 0
