"""`nianbao ingest`, `nianbao search`, `nianbao cite` and `nianbao corpus add|list|remove`."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import date
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

    corpus = sub.add_parser("corpus", help="法规库：列出国家法规、文件登记簿和本单位添加的法规；添加或移除本单位的规定")
    actions = corpus.add_subparsers(dest="action", required=True, metavar="操作")
    a = actions.add_parser(
        "add", help="添加本单位（本省、本市）的法规或规定：分条后供引用核对、检索和问答使用",
        description="读取 .txt/.md/.docx/.pdf/.html 格式的法规文本，按“第X条”分为条、款、项，"
                    "保存在数据文件夹（NIANBAO_DATA_DIR）的 corpus/user/ 中，并写入检索索引。",
    )
    a.add_argument("file", type=Path, help="法规文本文件（.txt/.md/.docx/.pdf/.html）")
    a.add_argument("--title", required=True, help="法规名称，照公布的写，如“上海市政府信息公开规定”")
    a.add_argument("--effective", required=True, type=_date, help="施行日期，如 2020-08-01")
    a.add_argument("--doc-no", help="文号或令号，如“沪府令〔2020〕1号”（不知道可不写）")
    a.add_argument("--issued", type=_date, help="公布日期（不知道可不写）")
    a.add_argument("--issuer", help="制定机关，如“上海市人民政府”")
    a.add_argument("--replaces", help="所取代的本单位已添加的版本：编号或名称（同名的新版本会自动衔接，可不写）")
    a.add_argument("--name", action="append", default=[], help="其他全称写法（可多次）")
    a.add_argument("--short-name", action="append", default=[],
                   help="简称（可多次）；报告中“（以下简称《规定》）”这样的声明无需在此登记")
    a.add_argument("--no-index", action="store_true", help="不立即写入检索索引（下次检索时自动补上）")
    a.set_defaults(func=_corpus_add)

    ls = actions.add_parser("list", help="列出法规库中的文件：有全文的、只登记了标题和文号的、本单位添加的")
    ls.add_argument("--year", type=int, help="报告年度：标出该年度适用的版本和年度报告通常引用的文件")
    ls.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    ls.set_defaults(func=_corpus_list)

    rm = actions.add_parser("remove", help="移除本单位添加的法规（同时移出检索索引）")
    rm.add_argument("rule", help="编号（见 nianbao corpus list）或名称")
    rm.add_argument("--effective", type=_date, help="有多个版本时，要移除的版本的施行日期")
    rm.add_argument("--no-index", action="store_true", help="不立即更新检索索引（下次检索时自动更新）")
    rm.set_defaults(func=_corpus_remove)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，应写作 YYYY-MM-DD，如 2020-08-01") from None


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
    if not _is_file(path):
        if path.suffix and len(source) < 260 and "\n" not in source and ("/" in source or "\\" in source):
            raise UnreadableInput(f"找不到文件：{source}")
        return "命令行文字", [(None, source)], None
    report = _try_parse(path)
    if report is not None and any(s.text.strip() for s in report.sections):
        return str(path), [(s.key, s.text) for s in report.sections], report.meta.year
    return str(path), [(None, _plain_text(path))], None


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; a sentence too long to be a file name is no file."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


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


_LEVEL = {"verified": "已核对", "wrong": "有误", "unverifiable": "无法核对"}


def _cite(args: argparse.Namespace) -> int:
    from assistant.citations import Outcome, check_text, summarize
    from assistant.citations.finder import find_titles
    from assistant.citations.register import expected_documents

    where, parts, found_year = _read_source(args.source)
    year = args.year if args.year is not None else found_year
    records: list[dict[str, Any]] = []
    lines: list[str] = []
    everything = []
    aliases: dict[str, str] = {}
    for section, text in parts:
        checks = check_text(text, year=year, section=section, aliases=aliases)
        aliases = find_titles(text, aliases)[1]  # an abbreviation declared in the preface holds after it
        everything.extend(checks)
        for check in checks:
            record = check.model_dump(mode="json")
            line, column = _line_col(text, check.span[0])
            record["line"], record["column"] = line, column
            records.append(record)
            place = f"{SECTION_TITLES[section]}，" if section is not None else ""
            at = f"{where}（{place}第{line}行第{column}列）"
            finding = check.finding
            if finding is None:
                if check.counted and check.outcome is Outcome.VERIFIED:  # (a wrong quote of it is said below)
                    lines.append(f"{at}[已核对] {check.text}：即{check.label or check.text}")
                    if check.resolved_text:
                        lines.append(_indented("条文", _short(check.resolved_text)))
                    elif check.document:
                        lines.append(_indented("文件", check.document))
                continue
            level = _LEVEL[check.outcome.value] if check.counted or check.outcome is not Outcome.VERIFIED else "有误"
            lines.append(f"{at}[{level}] {finding.code}：{finding.message}")
            if finding.expected and finding.expected not in finding.message:
                lines.append(_indented("应为", finding.expected))
            elif check.resolved_text and check.resolved_text not in finding.message:
                lines.append(_indented("条文", check.resolved_text))
    summary = summarize(everything)
    errors = sum(1 for c in everything if c.finding is not None and c.finding.severity is Severity.ERROR)
    warnings = sum(1 for c in everything if c.finding is not None and c.finding.severity is Severity.WARNING)
    expected = expected_documents(year, everything) if year is not None and found_year is not None else []
    if args.format == "json":
        print(json.dumps(
            {"source": where, "year": year, "citations": summary.total, "verified": summary.verified,
             "wrong": summary.wrong, "unverifiable": summary.unverifiable, "missing": list(summary.missing),
             "summary": summary.line(), "errors": errors, "warnings": warnings,
             "expected": [e.model_dump(mode="json") for e in expected], "checks": records},
            ensure_ascii=False, indent=2,
        ))
    else:
        for message in lines:
            print(message)
        if expected:
            print(f"{year}年度报告通常引用的文件：" + "；".join(e.line() for e in expected) + "。")
        basis = f"按{year}年度适用的版本核对" if year is not None else "按现行版本核对"
        print(f"共识别 {summary.line()}；错误 {errors} 处，提示 {warnings} 处（{basis}）。")
    return 1 if errors else 0


def _short(text: str, limit: int = 160) -> str:
    flat = text.strip()
    return flat if len(flat) <= limit else flat[:limit] + "……"


# --- corpus add / list / remove ---------------------------------------------------------------------


def _reindex(skip: bool) -> None:
    if skip:
        print("未更新检索索引：下次运行 nianbao search 时自动更新。")
        return
    from assistant.retrieval.ingest import index_regulations

    with _open_index(None) as index:
        embedded = index_regulations(index, progress=_stderr)
    print(f"检索索引已更新（新写入 {embedded} 段）。")


def _corpus_add(args: argparse.Namespace) -> int:
    from assistant.citations.local_rules import add_rule
    from assistant.corpus import int_to_cn

    added = add_rule(
        args.file, title=args.title, effective=args.effective, doc_no=args.doc_no, issuer=args.issuer,
        issued=args.issued, replaces=args.replaces, short_names=args.short_name, names=args.name,
    )
    doc = added.document
    meta = doc.meta
    chapters = len({a.chapter for a in doc.articles if a.chapter})
    split = f"共{int_to_cn(len(doc.articles))}条" + (f"，分{int_to_cn(chapters)}章" if chapters else "")
    print(f"已添加《{meta.title}》（{meta.version}）：编号 {meta.id}，{split}。")
    if meta.supersedes:
        print(f"  取代本单位此前添加的版本 {meta.supersedes}（自本版施行之日起失效）。")
    if meta.superseded_by:
        print(f"  注意：已有更晚施行的版本 {meta.superseded_by}，本版只适用于该版施行之前的年度。")
    first, last = doc.articles[0], doc.articles[-1]
    print(f"    {_short(first.text)}")
    if last is not first:
        print(f"    ……\n    {_short(last.text)}")
    print("请核对以上分条是否与原文一致；引用核对、检索和问答即可使用该规定。")
    _reindex(args.no_index)
    return 0


def _corpus_remove(args: argparse.Namespace) -> int:
    from assistant.citations.local_rules import remove_rule

    entry = remove_rule(args.rule, effective=args.effective)
    print(f"已移除《{entry.meta.title}》（{entry.meta.version}，编号 {entry.meta.id}）。")
    _reindex(args.no_index)
    return 0


def _corpus_list(args: argparse.Namespace) -> int:
    from assistant.citations.register import register_rows

    rows = register_rows(args.year)
    if args.format == "json":
        print(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2))
        return 0
    groups = (("corpus", "国家法规和文件（法规库有全文或部分条文）"),
              ("register", "文件登记簿（只有标题、文号和日期）"), ("user", "本单位添加的法规"))
    for origin, heading in groups:
        mine = [r for r in rows if r.origin == origin]
        print(f"{heading}：{len(mine)} 份")
        if not mine and origin == "user":
            print("  （尚未添加；用 nianbao corpus add 文件 --title 名称 --effective 施行日期 添加）")
        for row in mine:
            print(f"  {row.id}  {row.line()}")
    if args.year is not None:
        from assistant.citations.register import expected_documents

        expected = expected_documents(args.year, [])
        print(f"{args.year}年度报告通常引用：" + "；".join(e.line(cited_mark=False) for e in expected) + "。")
    return 0
