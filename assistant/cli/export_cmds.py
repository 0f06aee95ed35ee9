"""``nianbao export REPORT --to FMT -o OUT``: write a report as docx, HTML, PDF, Markdown,
JSON or xlsx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.export import ExportFormat


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="导出报告：Word（公文版式）、网页 HTML、PDF、Markdown、JSON、Excel 表格",
        description=(
            "把报告导出为 docx（公文版式，供领导审阅）、html（网站发布用的单个网页）、"
            "pdf（需要 LibreOffice）、md、json（报告模型，规范单元格地址）或 xlsx（三张表）。"
            "REPORT 可以是任何能解析的文件：台账生成的 JSON、已发布的年报等。"
            "字体可用环境变量 NIANBAO_FONT_BODY、NIANBAO_FONT_HEADING、NIANBAO_FONT_SUBHEADING、"
            "NIANBAO_FONT_TITLE 设置。"
        ),
    )
    parser.add_argument("report", type=Path, metavar="REPORT", help="报告文件")
    parser.add_argument(
        "--to", dest="fmt", choices=[f.value for f in ExportFormat], default=None,
        help="导出格式；省略时按输出文件扩展名判断",
    )
    parser.add_argument("-o", "--output", dest="out", type=Path, required=True, metavar="OUT",
                        help="输出文件（所在文件夹须已存在；写入是原子的，失败不留半个文件）")
    parser.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from assistant.services import export_file

    written, fmt = export_file(args.report, args.out, args.fmt)
    size = written.stat().st_size
    print(f"已导出 {fmt.value}：{written}（{size:,} 字节）", file=sys.stdout)
    return 0
