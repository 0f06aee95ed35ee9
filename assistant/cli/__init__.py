"""Command line: argument parsing over core functions, one module per command group."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from assistant.errors import NianbaoError

# Each module defines ``register(subparsers)``; its commands set ``func(args) -> int``.
COMMAND_MODULES: tuple[str, ...] = (
    "assistant.cli.report_cmds",
    "assistant.cli.corpus_cmds",
    "assistant.cli.rollup_cmds",
    "assistant.cli.export_cmds",
    "assistant.cli.ledger_cmds",
    "assistant.cli.draft_cmds",
    "assistant.cli.notes_cmds",
    "assistant.cli.users_cmds",
    "assistant.cli.db_cmds",
    "assistant.cli.round_cmds",
    "assistant.cli.rules_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao", description="政府信息公开工作年度报告：解析、核对、起草与导出"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except NianbaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
