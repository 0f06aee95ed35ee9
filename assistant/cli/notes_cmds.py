"""`nianbao notes`: a notes file (起草说明) to fill in for section 五 — last year's problems and
measures numbered, the problems the tables suggest, and the syntax by example."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.account.notes import notes_skeleton
from assistant.atomic import write_text
from assistant.cli.draft_cmds import load_report
from assistant.cli.previous import read_previous
from assistant.errors import NianbaoError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    n = sub.add_parser(
        "notes", help="生成起草说明模板：列出上年问题和措施待填整改情况，以及根据表格数据提示的候选问题",
        description="生成起草说明（整改台账）模板。填好后用 nianbao draft 报告 --section 五 --notes 文件 "
                    "--previous 上年报告 起草第五部分。",
    )
    n.add_argument("file", type=Path, help="本年度报告（.txt/.html/.docx/.json，表格已填好）")
    n.add_argument("--previous", type=Path, help="上一年度的报告（列出上年报告提出的问题和措施）")
    n.add_argument("-o", "--output", type=Path, help="把模板写入该文件（默认打印）")
    n.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（默认不覆盖，以免丢失已填写的内容）")
    n.set_defaults(func=_notes)


def _notes(args: argparse.Namespace) -> int:
    report = load_report(args.file, "报告文件")
    previous = (read_previous(args.previous, "提纲中不列上年报告提出的问题和措施")[0]
                if args.previous else None)
    text = notes_skeleton(report, previous)
    if args.output is None:
        print(text)
        return 0
    if args.output.exists() and not args.force:
        raise NianbaoError(f"文件已存在：{args.output}（其中可能已有填写的内容；确需覆盖请加 --force）")
    write_text(args.output, text + "\n")
    print(f"起草说明模板已写入 {args.output}", file=sys.stderr)
    return 0
