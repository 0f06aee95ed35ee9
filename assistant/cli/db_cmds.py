"""`nianbao db …` (schema, workspace import) and `nianbao audit-log …` (verify, show, export)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import NianbaoError

if TYPE_CHECKING:  # SQLAlchemy is imported only by the commands that use it
    from assistant.collab.auditlog import LogEntry
    from assistant.collab.people import Actor
    from assistant.db import Database


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL",
                        help="数据库地址（默认：环境变量 NIANBAO_DATABASE_URL，未设置时为数据文件夹中的 SQLite 文件）")


def add_actor_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_user", metavar="用户名",
                        help="以该账户的身份操作（默认：命令行管理员，记入审计日志）")


@contextlib.contextmanager
def opened_db(args: argparse.Namespace) -> Iterator[Database]:
    """The database ``--database`` (or the settings) names, disposed of when the block ends."""
    from assistant.db import open_database

    db = open_database(getattr(args, "database", None))
    try:
        yield db
    finally:
        db.dispose()


def cli_actor(db: Database, args: argparse.Namespace) -> Actor:
    """The account named by ``--as``, else the console's administrator (named after the OS user)."""
    from assistant.collab.accounts import get_actor
    from assistant.collab.people import Actor

    name = getattr(args, "as_user", None)
    if name:
        return get_actor(db, name)
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "未知"
    return Actor.local(f"命令行管理员（{user}）")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="数据库：升级表结构、查看状态、导入工作区")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="操作")
    up = db_sub.add_parser("upgrade", help="把数据库升级到最新表结构（首次使用时也会自动进行）")
    add_database_option(up)
    up.set_defaults(func=_upgrade)
    st = db_sub.add_parser("status", help="显示数据库地址与表结构版本")
    add_database_option(st)
    st.set_defaults(func=_status)
    imp = db_sub.add_parser("import-workspace", help="把磁盘上的工作区（机关/年度/report.json）导入数据库")
    imp.add_argument("folder", type=Path, help="工作区文件夹")
    add_database_option(imp)
    imp.set_defaults(func=_import)

    log = sub.add_parser("audit-log", help="审计日志：校验哈希链、查看、导出")
    log_sub = log.add_subparsers(dest="log_command", required=True, metavar="操作")
    verify = log_sub.add_parser("verify", help="校验审计日志的哈希链，指出第一条被改动或删除的记录")
    add_database_option(verify)
    verify.set_defaults(func=_verify)
    for name, helptext in (("show", "显示审计日志"), ("export", "导出审计日志（.csv 或 .json）")):
        p = log_sub.add_parser(name, help=helptext)
        if name == "export":
            p.add_argument("output", type=Path, help="输出文件（.csv 或 .json）")
        p.add_argument("--report", type=int, help="只看该报告（编号）")
        p.add_argument("--round", type=int, help="只看该汇总（编号）")
        p.add_argument("--limit", type=int, help="最多显示的条数（最新的）")
        add_database_option(p)
        add_actor_option(p)
        p.set_defaults(func=_show if name == "show" else _export)


def _upgrade(args: argparse.Namespace) -> int:
    from assistant.db import create_database
    from assistant.db.migrate import head_revision, upgrade

    db = create_database(args.database)
    try:
        before = upgrade(db)
        head = head_revision()
        if before == head:
            print(f"数据库 {db.shown} 已是最新表结构（{head}）")
        else:
            print(f"数据库 {db.shown} 已升级：{before or '空库'} → {head}")
    finally:
        db.dispose()
    return 0


def _status(args: argparse.Namespace) -> int:
    from assistant.db import create_database
    from assistant.db.migrate import current_revision, head_revision

    db = create_database(args.database)
    try:
        current, head = current_revision(db), head_revision()
        state = "最新" if current == head else f"待升级到 {head}（运行 nianbao db upgrade）"
        print(f"数据库：{db.shown}（{'PostgreSQL' if db.backend == 'postgresql' else 'SQLite'}）")
        print(f"表结构版本：{current or '无（空库）'}，{state}")
    finally:
        db.dispose()
    return 0


def _import(args: argparse.Namespace) -> int:
    from assistant.collab.workspace_import import import_workspace

    with opened_db(args) as db:
        summary = import_workspace(db, cli_actor(db, args), args.folder)
    print(summary.text)
    return 1 if summary.problems else 0


def _verify(args: argparse.Namespace) -> int:
    from assistant.collab.auditlog import verify

    with opened_db(args) as db:
        result = verify(db)
    print(result.message)
    return 0 if result.ok else 1


def _entries(args: argparse.Namespace) -> list[LogEntry]:
    from assistant.collab.auditlog import full_log, report_log, round_log

    with opened_db(args) as db:
        actor = cli_actor(db, args)
        if args.report is not None and args.round is not None:
            raise NianbaoError("--report 与 --round 只能选一个")
        if args.report is not None:
            entries = report_log(db, actor, args.report)
        elif args.round is not None:
            entries = round_log(db, actor, args.round)
        else:
            entries = full_log(db, actor)
    return list(entries[-args.limit:] if args.limit else entries)


def _show(args: argparse.Namespace) -> int:
    from assistant.collab.auditlog import canonical_json

    for entry in _entries(args):
        detail = canonical_json(entry.detail) if entry.detail else ""
        print(f"{entry.seq}\t{entry.summary}\t{detail}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from assistant.collab.auditlog import write_log

    entries = _entries(args)
    write_log(entries, args.output)
    print(f"已导出 {len(entries)} 条审计日志：{args.output}")
    return 0
