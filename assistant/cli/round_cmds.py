"""`nianbao round …`: the 主管部门's collection round (create, submit, upload, accept, return,
dashboard with the live roll-up, the government's published report)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli.db_cmds import add_actor_option, add_database_option, cli_actor, opened_db

if TYPE_CHECKING:
    from assistant.collab.rounds import SubmissionInfo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rnd = sub.add_parser("round", help="汇总收报：新建汇总、单位报送、退回或接收、收报情况与实时汇总")
    rs = rnd.add_subparsers(dest="round_command", required=True, metavar="操作")

    create = rs.add_parser("create", help="新建汇总（年度、花名册）")
    create.add_argument("--name", required=True, help="本级政府名称，如“临川县人民政府”")
    create.add_argument("--year", type=int, required=True, help="报告年度")
    create.add_argument("--roster", type=Path, required=True, help="花名册（.csv 或 .xlsx：单位名称、类型、上级）")
    create.add_argument("--reviewer", action="append", default=[], help="汇总审核人的用户名（可多次）")
    create.set_defaults(func=_create)

    ls = rs.add_parser("list", help="列出汇总")
    ls.set_defaults(func=_list)

    submit = rs.add_parser("submit", help="单位报送本机关已审核通过的报告")
    submit.add_argument("round", type=int, help="汇总编号")
    submit.add_argument("report", type=int, help="报告编号")
    submit.set_defaults(func=_submit)

    upload = rs.add_parser("upload", help="汇总审核人代单位上传报告文件（解析器能读的任何格式）")
    upload.add_argument("round", type=int, help="汇总编号")
    upload.add_argument("file", type=Path, help="报告文件")
    upload.add_argument("--unit", required=True, help="花名册上的单位名称")
    upload.set_defaults(func=_upload)

    accept = rs.add_parser("accept", help="接收单位的报告")
    accept.add_argument("round", type=int, help="汇总编号")
    accept.add_argument("--unit", required=True, help="单位名称")
    accept.add_argument("--note", default="", help="说明")
    accept.add_argument("--despite-errors", default="", metavar="理由", help="报告有错误时仍然接收的理由")
    accept.set_defaults(func=_accept)

    ret = rs.add_parser("return", help="退回单位的报告（须写明意见）")
    ret.add_argument("round", type=int, help="汇总编号")
    ret.add_argument("--unit", required=True, help="单位名称")
    ret.add_argument("--comment", required=True, help="退回意见")
    ret.set_defaults(func=_return)

    board = rs.add_parser("dashboard", help="收报情况：每个单位的状态、错误与警告数、最后修改；实时汇总")
    board.add_argument("round", type=int, help="汇总编号")
    board.add_argument("--xlsx", type=Path, help="导出为 .xlsx（收报情况、单位情况、表二、表三、表四、差异）")
    board.set_defaults(func=_dashboard)

    published = rs.add_parser("published", help="登记本级政府已发布的年度报告，与实时汇总逐格比对")
    published.add_argument("round", type=int, help="汇总编号")
    published.add_argument("file", type=Path, help="本级政府的年度报告文件")
    published.set_defaults(func=_published)

    for p in (create, ls, submit, upload, accept, ret, board, published):
        add_database_option(p)
        add_actor_option(p)


def _create(args: argparse.Namespace) -> int:
    from assistant.collab.rounds import create_round
    from assistant.rollup import read_roster

    roster = read_roster(args.roster)
    with opened_db(args) as db:
        info = create_round(db, cli_actor(db, args), name=args.name, year=args.year, roster=roster,
                            reviewers=args.reviewer)
    reviewers = "、".join(info.reviewers) or "无（用 nianbao users assign 用户名 --round 编号 指定）"
    print(f"已新建汇总 {info.id}：{info.label}，{info.units} 个单位，汇总审核人：{reviewers}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from assistant.collab.rounds import list_rounds

    with opened_db(args) as db:
        found = list_rounds(db, cli_actor(db, args))
    if not found:
        print("还没有汇总。用 nianbao round create 新建。")
    for info in found:
        print(f"{info.id}\t{info.label}\t{info.units} 个单位\t汇总审核人：{'、'.join(info.reviewers) or '无'}")
    return 0


def _print_submission(verb: str, info: SubmissionInfo) -> None:
    print(f"{info.unit}：{verb}（{info.state.value}；错误 {info.errors}，警告 {info.warnings}；来源：{info.source}）")


def _submit(args: argparse.Namespace) -> int:
    from assistant.collab.rounds import submit_to_round

    with opened_db(args) as db:
        info = submit_to_round(db, cli_actor(db, args), args.round, args.report)
    _print_submission("已报送", info)
    return 0


def _upload(args: argparse.Namespace) -> int:
    from assistant.collab.rounds import upload_file_for_unit

    with opened_db(args) as db:
        info = upload_file_for_unit(db, cli_actor(db, args), args.round, args.unit, args.file)
    _print_submission("已代为上传", info)
    return 0


def _accept(args: argparse.Namespace) -> int:
    from assistant.collab.rounds import accept_submission

    with opened_db(args) as db:
        info = accept_submission(db, cli_actor(db, args), args.round, args.unit, args.note,
                                 despite_errors=args.despite_errors)
    _print_submission("已接收", info)
    return 0


def _return(args: argparse.Namespace) -> int:
    from assistant.collab.rounds import return_submission

    with opened_db(args) as db:
        info = return_submission(db, cli_actor(db, args), args.round, args.unit, args.comment)
    _print_submission("已退回", info)
    return 0


def _dashboard(args: argparse.Namespace) -> int:
    from assistant.collab.auditlog import shown_time
    from assistant.collab.round_export import export_dashboard
    from assistant.collab.rounds import dashboard, live_rollup

    with opened_db(args) as db:
        actor = cli_actor(db, args)
        board = dashboard(db, actor, args.round)
        result = live_rollup(db, actor, args.round)
        if args.xlsx:
            export_dashboard(db, actor, args.round, args.xlsx)
    print("单位\t状态\t错误\t警告\t最后修改\t修改人\t说明")
    for row in board.rows:
        when = shown_time(row.changed_at) if row.changed_at else ""
        who = row.changed_by or ""
        print(f"{row.unit}\t{row.state.value}\t{row.errors}\t{row.warnings}\t{when}\t{who}\t{row.note}")
    print(board.summary)
    print("实时汇总（已接收的报告）：" + "".join(result.facts.lines[1:2]))
    if result.differences is not None:
        print(f"与本级政府发布的报告比对：{len(result.differences)} 个单元格不一致。")
        for d in result.differences[:20]:
            print(f"  {d.label}：发布 {d.published}，汇总 {d.rollup}；" + "；".join(d.explanations))
    if args.xlsx:
        print(f"已写出：{args.xlsx}")
    return 0


def _published(args: argparse.Namespace) -> int:
    from assistant.collab.rounds import set_published
    from assistant.parsing import parse_file

    report = parse_file(args.file)
    with opened_db(args) as db:
        set_published(db, cli_actor(db, args), args.round, report, source=args.file.name)
    print(f"已登记本级政府发布的报告：{args.file.name}")
    return 0
