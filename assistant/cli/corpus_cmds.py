"""`nianbao ingest`, `nianbao search` and `nianbao cite`."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from assistant.errors import NianbaoError, UnreadableInput
from assistant.findings import SECTION_TITLES, SectionKey, Severity


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    i = sub.add_parser("ingest", help="把本单位往年的年度报告收入检索索引（按部分、机关、年度存放）")
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="报告文件或文件夹（可多个）")
    i.add_argument("--data-dir", type=Path, help="索引所在文件夹（默认：环境变量 NIANBAO_DATA_DIR 或 ./data）")
    i.add_argument("--agency", help="报告中识别不到机关名称时使用的机关名称")
    i.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    i.set_defaults(func=_ingest)

    s = sub.add_parser("search", help="在法规语料和往年报告中检索（关键词与语义混合检索）")
    s.add_argument("query", help="查询内容，如“年度报告什么时候公布”或“《条例》第二十条第（五）项”")
    s.add_argument("--k", type=int, default=5, help="返回条数（默认 5）")
    s.add_argument("--law", help="只检索某部法规：名称、简称（条例）或版本标识（tiaoli-2019）")
    s.add_argument("--year", type=int, help="报告年度：往年报告只取该年度，法规只取该年度有效的版本")
    s.add_argument("--agency", help="只检索某机关的往年报告")
    s.add_argument(
        "--section", choices=[k.value for k in SectionKey], help="只检索往年报告的某一部分",
    )
    s.add_argument("--mode", choices=("hybrid", "bm25", "dense"), default="hybrid", help="检索方式（默认 hybrid）")
    s.add_argument("--data-dir", type=Path, help="索引所在文件夹（默认：环境变量 NIANBAO_DATA_DIR 或 ./data）")
    s.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    s.set_defaults(func=_search)

    c = sub.add_parser("cite", help="核对文字或报告中的法规引用（条款是否存在、引文是否一致、文号是否正确）")
    c.add_argument("source", metavar="TEXT_OR_FILE", help="要核对的文字，或报告/草稿文件；“-”表示从标准输入读取")
    c.add_argument("--year", type=int, help="报告年度（默认：从报告中识别，识别不到按现行版本）")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    c.set_defaults(func=_cite)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _open_index(folder: Path | None) -> Any:
    from assistant.retrieval.store import Index

    return Index.open(folder)


# --- ingest -----------------------------------------------------------------------------------


def _ingest(args: argparse.Namespace) -> int:
    from assistant.retrieval.ingest import Outcome, ingest_paths

    with _open_index(args.data_dir) as index:
        summary = ingest_paths(index, args.paths, progress=_stderr, agency=args.agency)
    if args.format == "json":
        print(summary.model_dump_json(indent=2))
    else:
        print(
            f"新收录 {summary.count(Outcome.ADDED)} 份，更新 {summary.count(Outcome.REPLACED)} 份，"
            f"未变跳过 {summary.count(Outcome.UNCHANGED)} 份，无正文 {summary.count(Outcome.EMPTY)} 份，"
            f"失败 {summary.count(Outcome.FAILED)} 份；共写入 {summary.chunks} 段，用时 {summary.seconds:.1f} 秒。"
        )
        for failed in (f for f in summary.files if f.outcome is Outcome.FAILED):
            print(f"  失败：{failed.path}：{failed.message}")
    return 1 if summary.count(Outcome.FAILED) else 0


# --- search -----------------------------------------------------------------------------------


def _search(args: argparse.Namespace) -> int:
    from assistant.retrieval.search import Filters, Mode, search

    if args.k < 1:
        raise NianbaoError("--k 须为正整数")
    filters = Filters(law=args.law, year=args.year, agency=args.agency, section=args.section)
    with _open_index(args.data_dir) as index:
        index.ensure_regulations(progress=_stderr)
        hits = search(index, args.query, k=args.k, filters=filters, mode=Mode(args.mode))
    if args.format == "json":
        print(json.dumps([h.model_dump(mode="json") for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("没有找到相关内容。")
        return 0
    for number, hit in enumerate(hits, start=1):
        how = "引用精确匹配" if hit.exact else "，".join(f"{k} 第{v}名" for k, v in sorted(hit.ranks.items()))
        print(f"{number}. {hit.context}  [{hit.ref}]")
        print(f"   id：{hit.id}  得分：{hit.score:.4f}（{how}）")
        for line in hit.text.splitlines():
            print(f"   {line}")
        print()
    return 0


# --- cite ---------------------------------------------------------------------------------------


def _read_source(source: str) -> tuple[str, list[tuple[SectionKey | None, str]], int | None]:
    """(what was read, [(section, text)], report year if known)."""
    if source == "-":
        return "标准输入", [(None, sys.stdin.read())], None
    path = Path(source)
    if not path.is_file():
        if path.suffix and len(source) < 260 and "\n" not in source and ("/" in source or "\\" in source):
            raise UnreadableInput(f"找不到文件：{source}")
        return "命令行文字", [(None, source)], None
    report = _try_parse(path)
    if report is not None and any(s.text.strip() for s in report.sections):
        return str(path), [(s.key, s.text) for s in report.sections], report.meta.year
    return str(path), [(None, _plain_text(path))], None


def _try_parse(path: Path) -> Any:
    try:
        parsing = importlib.import_module("assistant.parsing")
    except ImportError:
        return None
    try:
        return parsing.parse_file(path)
    except NianbaoError:
        return None


def _plain_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm", ".shtml", ".xhtml"):
        import lxml.html

        return "".join(str(part) for part in lxml.html.fromstring(data).itertext())
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableInput(f"无法读取 {path}：既不是 UTF-8 也不是 GB18030 文本")


def _indented(label: str, text: str) -> str:
    first, *rest = text.splitlines() or [""]
    return "\n".join([f"    {label}：{first}", *(f"          {line}" for line in rest)])


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _cite(args: argparse.Namespace) -> int:
    from assistant.citations import check_text

    where, parts, found_year = _read_source(args.source)
    year = args.year if args.year is not None else found_year
    records: list[dict[str, Any]] = []
    errors = warnings = 0
    lines: list[str] = []
    total = 0
    for section, text in parts:
        checks = check_text(text, year=year, section=section)
        total += len(checks)
        for check in checks:
            record = check.model_dump(mode="json")
            line, column = _line_col(text, check.span[0])
            record["line"], record["column"] = line, column
            records.append(record)
            finding = check.finding
            if finding is None:
                continue
            if finding.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
            place = f"{SECTION_TITLES[section]}，" if section is not None else ""
            level = "错误" if finding.severity is Severity.ERROR else "提示"
            lines.append(f"{where}（{place}第{line}行第{column}列）[{level}] {finding.code}：{finding.message}")
            if finding.expected and finding.expected not in finding.message:
                lines.append(_indented("应为", finding.expected))
            elif check.resolved_text and check.resolved_text not in finding.message:
                lines.append(_indented("条文", check.resolved_text))
    if args.format == "json":
        print(json.dumps(
            {"source": where, "year": year, "citations": total, "errors": errors, "warnings": warnings,
             "checks": records}, ensure_ascii=False, indent=2,
        ))
    else:
        for message in lines:
            print(message)
        basis = f"按{year}年度适用的版本核对" if year is not None else "按现行版本核对"
        print(f"共识别引用 {total} 处，错误 {errors} 处，提示 {warnings} 处（{basis}）。")
    return 1 if errors else 0
