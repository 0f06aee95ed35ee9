"""`nianbao users …`: accounts (add, list, disable/enable, reset password, assign)."""

from __future__ import annotations

import argparse
import getpass
import sys

from assistant.cli.db_cmds import add_database_option, cli_actor, opened_db
from assistant.errors import NianbaoError

ROLES_HELP = "撰稿人、审核人、汇总审核人、管理员（或 writer、approver、round_reviewer、admin）"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = sub.add_parser("users", help="账户管理：新建、列出、停用、重设密码、分配机关或汇总")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="操作")

    add = users_sub.add_parser("add", help="新建账户")
    add.add_argument("name", help="用户名（登录用）")
    add.add_argument("--role", required=True, help=f"角色：{ROLES_HELP}")
    add.add_argument("--agency", help="所属机关（撰稿人、审核人必填）")
    add.add_argument("--display-name", default="", help="姓名（显示用）")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
    add.set_defaults(func=_add)

    ls = users_sub.add_parser("list", help="列出全部账户")
    ls.set_defaults(func=_list)

    for name, helptext, disabled in (("disable", "停用账户", True), ("enable", "重新启用账户", False)):
        p = users_sub.add_parser(name, help=helptext)
        p.add_argument("name", help="用户名")
        p.set_defaults(func=_set_disabled, disabled=disabled)

    reset = users_sub.add_parser("reset-password", help="重设密码")
    reset.add_argument("name", help="用户名")
    reset.add_argument("--password-stdin", action="store_true", help="从标准输入读取新密码（第一行）")
    reset.set_defaults(func=_reset)

    assign = users_sub.add_parser("assign", help="分配机关、角色，或指定/移出汇总")
    assign.add_argument("name", help="用户名")
    assign.add_argument("--agency", help="所属机关")
    assign.add_argument("--role", help=f"角色：{ROLES_HELP}")
    assign.add_argument("--display-name", help="姓名（显示用）")
    assign.add_argument("--round", type=int, action="append", default=[], help="指定为该汇总（编号）的汇总审核人")
    assign.add_argument("--remove-round", type=int, action="append", default=[], help="不再担任该汇总的汇总审核人")
    assign.set_defaults(func=_assign)

    for p in (add, ls, reset, assign, *(users_sub.choices[n] for n in ("disable", "enable"))):
        add_database_option(p)


def _password(args: argparse.Namespace, name: str) -> str:
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise NianbaoError("标准输入中没有密码")
        return line
    if not sys.stdin.isatty():
        raise NianbaoError("不是在终端中运行：请用 --password-stdin 从标准输入提供密码")
    first = getpass.getpass(f"账户 {name} 的密码：")
    if getpass.getpass("再输入一次：") != first:
        raise NianbaoError("两次输入的密码不一致")
    return first


def _add(args: argparse.Namespace) -> int:
    from assistant.collab.accounts import add_user
    from assistant.collab.people import parse_role

    role = parse_role(args.role)
    password = _password(args, args.name)
    with opened_db(args) as db:
        account = add_user(db, cli_actor(db, args), args.name, password, role, display_name=args.display_name,
                           agency=args.agency)
    where = f"，机关：{account.agency}" if account.agency else ""
    print(f"已新建账户 {account.name}（{account.role.label}{where}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    from assistant.collab.accounts import list_users

    with opened_db(args) as db:
        accounts = list_users(db, cli_actor(db, args))
    if not accounts:
        print("还没有任何账户（本机单用户模式）。用 nianbao users add 新建。")
        return 0
    print("用户名\t姓名\t角色\t机关\t汇总\t状态")
    for a in accounts:
        rounds = "、".join(str(r) for r in a.rounds)
        state = "已停用" if a.disabled else "正常"
        print(f"{a.name}\t{a.display_name}\t{a.role.label}\t{a.agency or ''}\t{rounds}\t{state}")
    return 0


def _set_disabled(args: argparse.Namespace) -> int:
    from assistant.collab.accounts import set_disabled

    with opened_db(args) as db:
        set_disabled(db, cli_actor(db, args), args.name, args.disabled)
    print(f"账户 {args.name} 已{'停用' if args.disabled else '启用'}")
    return 0


def _reset(args: argparse.Namespace) -> int:
    from assistant.collab.accounts import reset_password

    password = _password(args, args.name)
    with opened_db(args) as db:
        reset_password(db, cli_actor(db, args), args.name, password)
    print(f"账户 {args.name} 的密码已重设")
    return 0


def _assign(args: argparse.Namespace) -> int:
    from assistant.collab.accounts import assign, assign_round
    from assistant.collab.people import parse_role

    role = parse_role(args.role) if args.role else None
    with opened_db(args) as db:
        actor = cli_actor(db, args)
        account = assign(db, actor, args.name, role=role, agency=args.agency, display_name=args.display_name)
        for round_id in args.round:
            account = assign_round(db, actor, args.name, round_id)
        for round_id in args.remove_round:
            account = assign_round(db, actor, args.name, round_id, remove=True)
    rounds = "、".join(str(r) for r in account.rounds) or "无"
    print(f"账户 {account.name}：{account.role.label}，机关：{account.agency or '无'}，汇总：{rounds}")
    return 0
