"""Killing the server mid-edit loses at most the last few seconds of typing.

Type into section 一 in the browser, wait for the autosave, type more, ``kill -9`` the server
at once, start it again on the same data folder: the page shows everything typed before the
wait, and what it shows of the rest is a prefix of what was typed (never garbage, never an
empty or half-written file), in the working copy and in the database alike.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text

from assistant.collab.people import Actor
from assistant.collab.reports import find_report
from assistant.db import open_database
from assistant.db.url import default_sqlite_url
from assistant.findings import SectionKey
from assistant.workspace import Workspace
from tests.ui.conftest import Browser, Server

FIRST = "本年度，本机关坚持以公开为常态、不公开为例外，全面推进政务公开工作。"
SECOND = "全年主动公开政府信息一百余条，依申请公开答复均在法定期限内完成。"
AUTOSAVE_S = 3.0  # how long the writer pauses before the crash


def textarea(page: Any) -> Any:
    return page.locator("#nb-section-text textarea")


def test_kill_mid_edit_loses_at_most_the_last_seconds(ui_server: Server, browser: Browser) -> None:
    page = browser.page
    page.goto(ui_server.url)
    page.locator("#nb-start").get_by_role("tab", name="空白报告").click()
    page.locator("#nb-blank-agency textarea").fill("青溪县教育局")
    page.click("#nb-blank-btn")
    page.wait_for_selector("#nb-status :text('青溪县教育局')")
    page.get_by_role("tab", name="正文与起草").click()
    page.locator("#nb-section label", has_text="一、总体情况").click()
    textarea(page).click()
    textarea(page).press_sequentially(FIRST, delay=15)
    page.wait_for_selector(f"#nb-text-saved :text('（{len(FIRST)} 字）')")
    time.sleep(AUTOSAVE_S)
    textarea(page).press_sequentially(SECOND, delay=15)
    ui_server.stop(kill=True)  # SIGKILL: no shutdown handler runs

    ui_server.start()
    page = browser.reopen()  # the killed server's network namespace is gone with it
    page.goto(ui_server.url)
    page.get_by_role("tab", name="正文与起草").click()
    page.locator("#nb-section label", has_text="一、总体情况").click()
    page.wait_for_function(
        "(first) => document.querySelector('#nb-section-text textarea').value.startsWith(first)",
        arg=FIRST)
    shown = textarea(page).input_value()
    assert (FIRST + SECOND).startswith(shown), shown
    lost = len(FIRST + SECOND) - len(shown)
    assert lost <= len(SECOND)

    # On disk: a whole, valid report; no temporary files left behind by the kill.
    [entry] = Workspace(ui_server.data_dir / "reports").entries()
    folder = Workspace(ui_server.data_dir / "reports").folder(entry.agency, entry.year)
    assert folder.load().text(SectionKey.OVERVIEW) == shown
    assert not list(folder.path.rglob("*.tmp"))
    # In the database (the report itself; the folder is the working copy): the same text, and
    # SQLite's own check finds nothing wrong after the kill.
    db = open_database(default_sqlite_url(ui_server.data_dir), upgrade=False)
    try:
        stored = find_report(db, Actor.local(), entry.agency, entry.year)
        assert stored is not None and stored.report.text(SectionKey.OVERVIEW) == shown
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.dispose()
