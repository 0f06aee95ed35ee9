"""The command line over the services: `nianbao users`, `nianbao db`, `nianbao round`,
`nianbao audit-log`, against SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.cli import main
from assistant.db import Database
from assistant.db.migrate import head_revision
from assistant.workspace.store import Workspace
from testdata.synth import render_text
from tests.collab.conftest import PASSWORD, make_report


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_commands(db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    url = _url(db)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, _ = _run(capsys, "users", "add", "zhangsan", "--role", "撰稿人", "--agency", "临川县教育局",
                        "--display-name", "张三", "--password-stdin", "--database", url)
    assert (code, out.strip()) == (0, "已新建账户 zhangsan（撰稿人，机关：临川县教育局）")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    _run(capsys, "users", "add", "zhaoliu", "--role", "round_reviewer", "--password-stdin", "--database", url)
    code, out, _ = _run(capsys, "users", "list", "--database", url)
    assert "zhangsan\t张三\t撰稿人\t临川县教育局\t\t正常" in out
    code, out, _ = _run(capsys, "users", "disable", "zhangsan", "--database", url)
    assert out.strip() == "账户 zhangsan 已停用"
    monkeypatch.setattr("sys.stdin", io.StringIO("new password 1\n"))
    code, out, _ = _run(capsys, "users", "reset-password", "zhangsan", "--password-stdin", "--database", url)
    assert out.strip() == "账户 zhangsan 的密码已重设"
    code, _, err = _run(capsys, "users", "add", "bad", "--role", "领导", "--database", url)
    assert code == 2 and "角色“领导”无法识别" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _run(capsys, "users", "add", "x", "--role", "admin", "--database", url)
    assert code == 2 and "请用 --password-stdin" in err
    code, out, _ = _run(capsys, "users", "assign", "zhangsan", "--agency", "临川县财政局", "--database", url)
    assert out.strip() == "账户 zhangsan：撰稿人，机关：临川县财政局，汇总：无"


def test_db_upgrade_and_status(blank_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "db", "status", "--database", blank_url)
    assert code == 0 and "表结构版本：无（空库）" in out
    code, out, _ = _run(capsys, "db", "upgrade", "--database", blank_url)
    assert code == 0 and f"已升级：空库 → {head_revision()}" in out
    code, out, _ = _run(capsys, "db", "upgrade", "--database", blank_url)
    assert f"已是最新表结构（{head_revision()}）" in out


def test_round_and_audit_log_commands(db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = _url(db)
    roster = tmp_path / "花名册.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["单位名称", "类型"], ["临川县教育局", "部门"], ["青溪镇", "乡镇"]])
    code, out, _ = _run(capsys, "round", "create", "--name", "临川县人民政府", "--year", "2023", "--roster",
                        str(roster), "--database", url)
    assert code == 0 and out.startswith("已新建汇总 1：临川县人民政府 2023年，2 个单位")
    unit_file = tmp_path / "教育局.txt"
    unit_file.write_text(render_text(make_report()), encoding="utf-8")
    code, out, _ = _run(capsys, "round", "upload", "1", str(unit_file), "--unit", "临川县教育局", "--database", url)
    assert code == 0 and "临川县教育局：已代为上传（已提交；错误 0" in out
    code, out, _ = _run(capsys, "round", "accept", "1", "--unit", "临川县教育局", "--database", url)
    assert "已接收" in out
    code, _, err = _run(capsys, "round", "accept", "1", "--unit", "青溪镇", "--database", url)
    assert code == 2 and err.strip() == "错误：青溪镇尚未提交报告"
    xlsx = tmp_path / "收报.xlsx"
    code, out, _ = _run(capsys, "round", "dashboard", "1", "--xlsx", str(xlsx), "--database", url)
    assert code == 0 and "青溪镇\t未提交" in out and "未提交 1，已提交 0，有错误 0，已退回 0，已接收 1" in out
    assert xlsx.is_file()

    code, out, _ = _run(capsys, "audit-log", "verify", "--database", url)
    assert code == 0 and out.startswith("审计日志完整：共 4 条记录")
    code, out, _ = _run(capsys, "audit-log", "show", "--round", "1", "--database", url)
    assert out.count("\n") == 4 and "命令行管理员" in out
    code, out, _ = _run(capsys, "audit-log", "export", str(tmp_path / "log.csv"), "--database", url)
    assert out.strip().startswith("已导出 4 条审计日志")

    with db.transaction() as session:  # someone edits the log behind our back
        if db.backend == "sqlite":
            session.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        session.execute(text("UPDATE audit_log SET target = '青溪镇' WHERE seq = 3"))
    code, out, _ = _run(capsys, "audit-log", "verify", "--database", url)
    assert code == 1 and out.startswith("审计日志第 3 条（") and "内容与其哈希不符" in out


def test_import_workspace_command(db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Workspace(tmp_path / "ws").create(make_report(), "空白")
    code, out, _ = _run(capsys, "db", "import-workspace", str(tmp_path / "ws"), "--database", _url(db))
    assert code == 0 and out.startswith("导入 1 份报告，跳过 0 份，出错 0 份。")
    code, out, _ = _run(capsys, "db", "import-workspace", str(tmp_path / "nothing"), "--database", _url(db))
    assert code == 2 or "找不到工作区文件夹" in out
