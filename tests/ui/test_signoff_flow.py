"""The shared mode, end to end in headless Chromium: three accounts (撰稿人, 审核人, 汇总审核人)
against the UI served over a real database (SQLite, and PostgreSQL started by
``tests/db/postgres.py``).

The writer sends the report for approval (it locks); the 审核人 comments on a cell and returns it;
the writer sees the comment beside the tables, answers, fixes the cell and sends it again; the
审核人 approves with the 保密审查 (条例第十七条) confirmed; the unit submits it to the 主管部门's
round; the 汇总审核人 opens it read-only and accepts it, and the live roll-up shows the unit's
numbers; the reviewer uploads the other unit's file on its behalf; the 审核人 publishes and the
writer's change starts the next edition. Every step is in the audit log, whose chain verifies.
One Chromium, one context (one session) per account.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assistant.collab import passwords
from assistant.collab.accounts import add_user
from assistant.collab.auditlog import full_log, report_log, round_log, verify
from assistant.collab.people import Actor, Role
from assistant.collab.reports import create_report, load_report, save_report
from assistant.collab.rounds import create_round
from assistant.db import Database, open_database
from assistant.export import ExportFormat, render
from assistant.rollup import RosterUnit, UnitKind
from testdata.synth import synthetic_report
from tests.db.fixtures import pg_server
from tests.ui.conftest import (
    Server,
    launch_chromium,
    netns_available,
    new_page,
    require_browser,
    save_screenshot,
    serving,
    visible_english,
)

__all__ = ["pg_server"]  # the PostgreSQL server fixture, started once per session

AGENCY = "临川县教育局"
OTHER_AGENCY = "临川县民政局"
YEAR = 2023
GOVERNMENT = "临川县人民政府"
PASSWORD = "correct horse 9"
WRITER, APPROVER, REVIEWER = "zhangsan", "lisi", "zhaoliu"
CELL = "t2.normative.issued"
CELL_LABEL = "表二“行政规范性文件”行“本年制发件数”列"
FIXED = "17"
MINE, OTHER_CELL = "t2.rules.issued", "t2.licensing.decisions"  # the save conflict's two cells
OTHER_LABEL = "表二“行政许可”行“本年处理决定数量”列"


@contextmanager
def cheap_hashes() -> Iterator[None]:
    """argon2id with test-sized parameters for the accounts made here (the server verifies with
    the parameters each hash records)."""
    from argon2 import PasswordHasher

    kept = passwords.HASHER
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        passwords.HASHER = kept


def set_up_office(db: Database) -> int:
    """Three accounts, the writer's report, the round of 临川县人民政府 (教育局 and 民政局)."""
    admin = Actor.local("管理员")
    with cheap_hashes():
        writer = add_user(db, admin, WRITER, PASSWORD, Role.WRITER, display_name="张三", agency=AGENCY)
        add_user(db, admin, APPROVER, PASSWORD, Role.APPROVER, display_name="李四", agency=AGENCY)
        add_user(db, admin, REVIEWER, PASSWORD, Role.ROUND_REVIEWER, display_name="赵六")
    report = synthetic_report(random.Random(3), agency=AGENCY, year=YEAR, scale=20)
    stored = create_report(db, writer.actor, report, origin="导入 2023年报告.docx")
    create_round(db, admin, name=GOVERNMENT, year=YEAR, reviewers=[REVIEWER], roster=[
        RosterUnit(name=AGENCY, kind=UnitKind.DEPARTMENT, row=2),
        RosterUnit(name=OTHER_AGENCY, kind=UnitKind.DEPARTMENT, row=3)])
    return stored.id


@dataclass
class Office:
    server: Server
    url: str  # the database, for the test's own checks
    report_id: int


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ui_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """The UI in the shared mode over the office's database (the name puts the module's tests in
    the ``browser`` lane, and the PostgreSQL half in the ``postgres`` lane too)."""
    require_browser()
    workdir = tmp_path_factory.mktemp(f"ui-shared-{request.param}")
    data_dir = workdir / "data"
    env: dict[str, str] = {}
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'nianbao.sqlite3'}"  # accounts in it: the shared mode is on by itself
        netns = netns_available()
    else:
        url = request.getfixturevalue("pg_server").create_database()
        env["NIANBAO_DATABASE_URL"] = url
        netns = False  # the database server listens on the host's loopback
    db = open_database(url)
    try:
        report_id = set_up_office(db)
    finally:
        db.dispose()
    with serving(Server(data_dir=data_dir, workdir=workdir, netns=netns, extra_env=env)) as server:
        yield Office(server, url, report_id)


@dataclass
class People:
    """One Chromium; a browser context (its own session cookie) per account."""

    office: Office
    pages: dict[str, Any] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    _pw: Any = None
    _browser: Any = None

    def open(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = launch_chromium(self._pw, self.office.server)

    def page(self, name: str) -> Any:
        if name not in self.pages:
            self.pages[name] = new_page(self._browser, locale="zh-CN", viewport=(1280, 900), blocked=self.blocked)
        return self.pages[name]

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._pw is not None:
            self._pw.stop()


@pytest.fixture(scope="module")
def people(ui_server: Office) -> Iterator[People]:
    found = People(ui_server)
    found.open()
    yield found
    found.close()
    assert not found.blocked, f"the page requested non-local URLs: {found.blocked}"


def log_in(people: People, name: str) -> Any:
    page = people.page(name)
    page.goto(people.office.server.url)
    page.wait_for_url(re.compile(r"/login$"))
    page.fill("#nb-login-name", name)
    page.fill("#nb-login-password", PASSWORD)
    page.click("#nb-login-btn")
    page.wait_for_selector("#nb-who-box")
    return page


def reload(page: Any) -> None:
    page.reload()
    page.wait_for_selector("#nb-who-box")


def tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def status_is(page: Any, label: str) -> None:
    page.wait_for_selector(f"#nb-signoff-status .nb-signoff:text-is('{label}')")


def pick(page: Any, selector: str, label: str | re.Pattern[str], typed: str | None = None) -> None:
    box = page.locator(f"{selector} input")
    box.click()
    if typed:
        box.fill(typed)
    page.get_by_role("option", name=label, exact=True).first.click()


def toast(page: Any, text: str) -> str:
    found = page.locator(".toast-item", has_text=text).first
    found.wait_for()
    said: str = found.inner_text()
    found.locator("[data-testid=toast-close]").click()
    return said


def database(office: Office) -> Database:
    return open_database(office.url, upgrade=False)


def assert_chinese(page: Any) -> None:
    """No English on screen; the login names of the accounts (data, not words) are allowed."""
    found = [w for w in visible_english(page) if w.split("（")[0] not in (WRITER, APPROVER, REVIEWER)]
    assert not found, found


# --- the flow -------------------------------------------------------------------------------------


def test_login_says_how_long_to_wait_after_repeated_failures(people: People) -> None:
    page = people.page(WRITER)
    page.goto(people.office.server.url)
    page.wait_for_url(re.compile(r"/login$"))
    assert_chinese(page)
    for _ in range(4):
        page.fill("#nb-login-name", WRITER)
        page.fill("#nb-login-password", "wrong password")
        page.click("#nb-login-btn")
        page.wait_for_selector("#nb-login-message")
    assert page.inner_text("#nb-login-message") == "用户名或密码不正确；失败次数过多，请 2 秒后再试"
    page.fill("#nb-login-password", PASSWORD)
    page.click("#nb-login-btn")
    assert re.fullmatch(r"登录失败次数过多，请 [12] 秒后再试", page.inner_text("#nb-login-message"))
    page.wait_for_timeout(2100)
    log_in(people, WRITER)


def test_a_save_conflict_names_who_changed_what_and_keeps_the_writers_edit(people: People) -> None:
    page = people.page(WRITER)
    assert page.inner_text("#nb-who-box").startswith("张三（zhangsan）（撰稿人 · 临川县教育局）")
    status_is(page, "起草中")
    page.wait_for_selector(f'#nb-tables input[data-cell="{CELL}"]:not([readonly])')
    assert_chinese(page)
    db = database(people.office)
    try:  # someone else saves the report while the writer has it open
        theirs = load_report(db, Actor.local(), people.office.report_id)
        changed = theirs.report.model_copy(deep=True)
        changed.set_cell(OTHER_CELL, 55)
        save_report(db, Actor.local("管理员"), theirs.id, changed, expected_version=theirs.version)
    finally:
        db.dispose()
    box = page.locator(f'#nb-tables input[data-cell="{MINE}"]')
    box.fill("8")
    box.press("Tab")
    said = toast(page, "保存冲突")
    assert "已被修改——管理员 于" in said and f"{OTHER_LABEL}（" in said and "→ 55）" in said
    assert "您的修改没有保存，仍保留在编辑器中" in said and "在“审签与意见”中可选择以您的修改为准保存" in said
    assert box.input_value() == "8"
    tab(page, "审签与意见")
    page.wait_for_selector("#nb-signoff-status .nb-conflict")
    assert "管理员 于" in page.inner_text("#nb-signoff-state")
    page.click("#nb-keep-mine")
    page.wait_for_selector("#nb-signoff-note :text('已以您的修改为准保存（第 3 版）')")
    assert page.locator("#nb-signoff-status .nb-conflict").count() == 0


def test_the_writer_sends_the_report_for_approval_and_it_locks(people: People) -> None:
    page = people.page(WRITER)
    tab(page, "审签与意见")
    page.click("#nb-send")
    status_is(page, "送审")
    tab(page, "表格")
    page.wait_for_selector("#nb-tables-locked")
    assert page.locator(f'#nb-tables input[data-cell="{CELL}"]').get_attribute("readonly") is not None
    # Even a cell changed behind the page's back is refused by the server, in Chinese.
    page.evaluate("""c => { const el = document.querySelector(`#nb-tables input[data-cell="${c}"]`);
        el.removeAttribute('readonly'); el.value = '99';
        el.dispatchEvent(new Event('change', {bubbles: true})); }""", CELL)
    said = toast(page, "审核期间不能修改")
    assert "临川县教育局 2023年的报告已送审，审核期间不能修改：如需修改，请先撤回送审" in said
    tab(page, "正文与起草")
    assert page.locator("#nb-section-text textarea").is_disabled()


def test_the_approver_comments_on_a_cell_and_returns_it(people: People, shots: Path) -> None:
    page = log_in(people, APPROVER)
    status_is(page, "送审")
    tab(page, "审签与意见")
    page.locator("#nb-comment-target label", has_text="单元格").click()
    pick(page, "#nb-comment-cell", CELL_LABEL, typed="行政规范性文件")
    page.fill("#nb-comment-body textarea", "本年制发件数与规范性文件目录不符，请核对")
    page.click("#nb-comment-add")
    page.wait_for_selector(f'#nb-comments li[data-cell="{CELL}"]')
    page.fill("#nb-return-reason textarea", "请按意见核对表二")
    page.click("#nb-return")
    status_is(page, "退回修改")
    assert "退回修改：请按意见核对表二" in page.inner_text("#nb-comments")
    assert page.locator(".toast-item").count() == 0  # showing the text is no edit to refuse
    assert_chinese(page)
    save_screenshot(page, "signoff-approver", shots)


def test_the_writer_sees_the_comment_answers_fixes_and_resubmits(people: People, shots: Path) -> None:
    page = people.page(WRITER)
    reload(page)
    status_is(page, "退回修改")
    beside = page.locator("#nb-table-comments")
    beside.locator(f'li[data-cell="{CELL}"]').wait_for()
    assert CELL_LABEL in beside.inner_text() and "请核对" in beside.inner_text()
    save_screenshot(page, "signoff-writer-comments", shots)
    box = page.locator(f'#nb-tables input[data-cell="{CELL}"]:not([readonly])')
    box.fill(FIXED)
    box.press("Tab")
    page.wait_for_selector(f"#nb-inspector :text('→ {FIXED}')")
    tab(page, "审签与意见")
    pick(page, "#nb-reply-to", re.compile(re.escape(CELL_LABEL)))
    page.fill("#nb-reply-body textarea", f"已核对目录，更正为 {FIXED} 件")
    page.click("#nb-reply")
    page.wait_for_selector(f"#nb-comments .nb-answer:has-text('更正为 {FIXED} 件')")
    page.click("#nb-send")
    status_is(page, "送审")


def test_the_approver_approves_with_the_secrecy_review(people: People) -> None:
    page = people.page(APPROVER)
    reload(page)
    status_is(page, "送审")
    tab(page, "审签与意见")
    assert "条例》第十七条" in page.inner_text("#nb-secrecy")
    page.click("#nb-approve")
    assert "审核通过前须确认已完成保密审查" in toast(page, "保密审查")
    page.locator("#nb-secrecy input").check()
    page.click("#nb-approve")
    status_is(page, "审核通过")
    tab(page, "导出")
    page.wait_for_selector("#nb-gate :text('已由 李四（lisi） 于')")


def test_the_unit_submits_it_to_the_round(people: People) -> None:
    page = people.page(WRITER)
    reload(page)
    status_is(page, "审核通过")
    tab(page, "审签与意见")
    page.locator("#nb-submit").wait_for()
    assert page.locator("#nb-submit-round input").input_value() == f"{GOVERNMENT} {YEAR}年"
    page.click("#nb-submit")
    page.wait_for_selector("#nb-signoff-note :text('已报送到汇总：临川县教育局，状态“已提交”')")


def test_the_reviewer_accepts_it_and_the_live_rollup_shows_its_numbers(people: People, shots: Path) -> None:
    page = log_in(people, REVIEWER)
    assert page.locator("#nb-tabs").count() == 0  # no workspace: the rounds only
    row = page.locator(f'#nb-round-units tr[data-unit="{AGENCY}"]')
    assert row.get_attribute("data-state") == "已提交"
    assert_chinese(page)
    pick(page, "#nb-round-unit", AGENCY)
    page.wait_for_selector(f'#nb-round-report input[data-cell="{CELL}"][readonly]')
    assert page.locator(f'#nb-round-report input[data-cell="{CELL}"]').input_value() == FIXED
    page.click("#nb-round-accept")
    page.wait_for_selector(f'#nb-round-units tr[data-unit="{AGENCY}"][data-state="已接收"]')
    db = database(people.office)
    try:
        stored = load_report(db, Actor.local(), people.office.report_id).report
    finally:
        db.dispose()
    new = str(stored.cells["t3.new.total"])
    total = page.locator('#nb-round-rollup tr[data-cell="t3.new.total"]')
    assert total.locator(".nb-rollup-total").inner_text() == new
    assert f"{AGENCY} {new}" in total.inner_text()
    assert "已接收 1 个单位，应报 2 个" in page.inner_text("#nb-rollup-units")
    save_screenshot(page, "round-dashboard", shots)
    page.click("#nb-round-export")
    link = page.locator("#nb-round-file a[download]").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == f"{GOVERNMENT}{YEAR}年收报情况与汇总.xlsx"


def test_the_reviewer_uploads_a_units_file_on_its_behalf(people: People, tmp_path: Path) -> None:
    page = people.page(REVIEWER)
    report = synthetic_report(random.Random(5), agency=OTHER_AGENCY, year=YEAR, scale=20)
    path = tmp_path / "民政局2023年政府信息公开工作年度报告.html"
    path.write_bytes(render(report, ExportFormat.HTML))
    pick(page, "#nb-round-unit", OTHER_AGENCY)
    page.locator("#nb-round-upload-box").get_by_text("代单位上传报告文件").click()
    page.locator("#nb-round-upload input[type=file]").set_input_files(str(path))
    page.locator("#nb-round-upload", has_text=path.name).wait_for()
    page.click("#nb-round-upload-btn")
    page.wait_for_selector(f'#nb-round-units tr[data-unit="{OTHER_AGENCY}"][data-state="已提交"]')
    assert "赵六（zhaoliu）" in page.inner_text(f'#nb-round-units tr[data-unit="{OTHER_AGENCY}"]')


def test_the_approver_publishes_and_a_change_starts_the_next_edition(people: People) -> None:
    approver = people.page(APPROVER)
    reload(approver)
    status_is(approver, "审核通过")
    tab(approver, "审签与意见")
    approver.click("#nb-publish")
    status_is(approver, "已发布")
    writer = people.page(WRITER)
    reload(writer)
    status_is(writer, "已发布")
    writer.wait_for_selector(f'#nb-tables input[data-cell="{CELL}"][readonly]')  # published: locked
    tab(writer, "审签与意见")
    writer.click("#nb-revise")
    status_is(writer, "起草中")
    writer.wait_for_selector("#nb-signoff-status :text('第 2 次修订')")


def test_every_step_is_in_the_audit_log_and_the_chain_verifies(people: People) -> None:
    db = database(people.office)
    try:
        admin = Actor.local()
        entries = report_log(db, admin, people.office.report_id)
        moves = [(e.detail["从"], e.detail["到"]) for e in entries if e.action == "status_change"]
        assert moves == [("起草中", "送审"), ("送审", "退回修改"), ("退回修改", "送审"), ("送审", "审核通过"),
                         ("审核通过", "已发布"), ("已发布", "起草中")]
        approved = next(e for e in entries if e.action == "status_change" and e.detail["到"] == "审核通过")
        assert approved.actor == "李四（lisi）" and approved.detail["保密审查人"] == "李四（lisi）"
        cells = [(e.actor, e.detail["单元格"]) for e in entries if e.action == "cell_edit"]
        assert [(who, sorted(c)) for who, c in cells] == [
            ("管理员", [OTHER_CELL]), ("张三（zhangsan）", [OTHER_CELL, MINE]), ("张三（zhangsan）", [CELL])]
        assert cells[-1][1][CELL][1] == FIXED and entries[0].action == "report_create"
        remarks = [e.detail for e in entries if e.action == "comment"]
        assert [r["位置"] for r in remarks] == [f"单元格 {CELL}", "全文", f"单元格 {CELL}"]
        assert remarks[2]["答复"] == remarks[0]["意见编号"]
        rounds = [(e.actor, e.detail.get("操作")) for e in entries if e.action == "submission"]
        assert rounds == [("张三（zhangsan）", "提交"), ("赵六（zhaoliu）", "接收")]
        [round_id] = {e.round_id for e in entries if e.action == "submission"}
        assert any(e.action == "export" for e in round_log(db, admin, round_id))
        logins = full_log(db, admin)
        people_in = {e.actor for e in logins if e.action == "login"}
        assert people_in == {"张三（zhangsan）", "李四（lisi）", "赵六（zhaoliu）"}
        assert [e.target for e in logins if e.action == "login_failed"] == [WRITER] * 4
        check = verify(db)
        assert check.ok, check.message
    finally:
        db.dispose()
