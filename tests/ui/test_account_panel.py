"""The 整改台账 tab in headless Chromium against the real UI server (template drafting).

Import 平潭 2022, attach its 2021 report from the tab's own hint, mark last year's first problem
部分整改 with an action typed as an input method types (``insert_text``: no key events), adopt the
candidate the tables suggest, start a measure from another agency's idea and add one by hand with
a deadline, draft 五 and accept it; after a reload everything is still there, on screen and in
report.json, and the accepted 五 says what was done.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import (
    Browser,
    Server,
    netns_available,
    require_browser,
    save_screenshot,
    serving,
)

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
THIS_YEAR = SAMPLES / "pingtan-zone-2022.txt"
LAST_YEAR = SAMPLES / "pingtan-zone-2021.txt"
ACTION = "开设“政策图解”专栏，2022年3月上线，全年发布图解解读12篇"
MEASURE = "制定依申请公开答复指引，逐件说明“无法提供”的理由和获取渠道"
DEADLINE = "2023年6月底前"
AGENCY = "平潭综合实验区"


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The UI (no model configured: template drafting) with past reports of other agencies
    already ingested into its data folder, for 参考其他机关做法."""
    require_browser()
    workdir = tmp_path_factory.mktemp("ui-account")
    data = workdir / "data"
    from assistant.retrieval.ingest import ingest_paths
    from assistant.retrieval.store import Index

    with Index.open(data) as index:
        ingest_paths(index, [SAMPLES / "shanghai-gov-office-2019.txt", SAMPLES / "shuyang-fgj-2023.html",
                             SAMPLES / "pingtan-zone-2022.txt"])
    with serving(Server(data_dir=data, workdir=workdir, netns=netns_available())) as server:
        yield server


@pytest.fixture(scope="module")
def page(browser: Browser) -> Any:
    return browser.page


def saved(page: Any) -> None:
    page.wait_for_selector("#nb-account-saved :text('已自动保存')")


def type_into(page: Any, selector: str, text: str) -> None:
    """Text committed the way an input method commits it: one input event, no key presses."""
    box = page.locator(selector)
    box.click()
    page.keyboard.insert_text(text)


def pick(page: Any, menu: Any, label: str) -> None:
    menu.locator("input").click()
    page.get_by_role("option", name=label).first.click()


def open_account(page: Any) -> None:
    page.get_by_role("tab", name="整改台账").click()


def stored(server: Server) -> dict[str, Any]:
    [path] = (server.data_dir / "reports").glob("*/*/report.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_without_last_year_the_tab_says_how_to_list_its_problems(ui_server: Server, page: Any) -> None:
    page.goto(ui_server.url)
    page.set_input_files("#nb-import-file input[type=file]", str(THIS_YEAR))
    page.wait_for_selector(f"#nb-import-file :text('{THIS_YEAR.name}')")
    page.click("#nb-import-btn")
    page.wait_for_selector(f"#nb-status :text('{AGENCY}')")
    open_account(page)
    hint = page.locator("#nb-account-noprev").first
    hint.wait_for()
    assert "尚未载入上年报告" in hint.inner_text()
    page.wait_for_selector(".nb-acct-cand :text('无法提供')")  # candidates need no previous report


def test_fill_the_account(ui_server: Server, page: Any, shots: Path) -> None:
    page.set_input_files("#nb-account-prev-file input[type=file]", str(LAST_YEAR))
    page.wait_for_selector(f"#nb-account-prev-file :text('{LAST_YEAR.name}')")
    page.click("#nb-account-prev-btn")
    page.wait_for_selector("#nb-prev-problem-1 :text('政策解读形式不够丰富')")
    assert not page.locator("#nb-account-noprev").first.is_visible()

    page.locator("#nb-fate-1 label", has_text="部分整改").click()
    saved(page)
    type_into(page, "#nb-actions-1 textarea", ACTION)
    page.wait_for_function(
        "() => document.querySelector('#nb-account-saved').innerText.includes('已自动保存')")

    page.locator(".nb-acct-cand", has_text="无法提供").get_by_role("button", name="采纳为本年问题").click()
    page.wait_for_selector("#nb-problem-1 .nb-acct-title:has-text('表格数据')")

    # Another agency's measure as the starting point of one of ours (never the agency's own).
    page.locator("#nb-prev-problem-1").first.get_by_role("button", name="参考其他机关做法").click()
    idea = page.locator("#nb-prev-problem-1 .nb-idea").first
    idea.wait_for()
    sources = page.locator("#nb-prev-problem-1 .nb-idea-src").all_inner_texts()
    assert sources and not any(AGENCY in s for s in sources), sources
    assert "上海市人民政府办公厅" in sources[0] and "rpt-" not in sources[0]  # the id is under 详细信息
    assert (idea.get_attribute("data-passage") or "").startswith("rpt-")
    page.locator("#nb-prev-problem-1").first.get_by_role("button", name="以此为起点新增措施").first.click()
    page.wait_for_selector("#nb-measure-1 .nb-measure-adopted :text('上海市人民政府办公厅')")

    # A measure of our own, typed into the blank row, then tied to the adopted problem.
    type_into(page, "#nb-measure-new textarea", MEASURE)
    saved(page)
    page.locator("#nb-account-intro").click()  # leave the row: it becomes 措施2
    row = page.locator("#nb-measure-2").first
    row.wait_for()
    assert row.locator(".nb-measure-text textarea").input_value() == MEASURE
    pick(page, row.locator(".nb-measure-problem"), "本年问题1")
    type_into(page, "#nb-measure-2 .nb-measure-deadline textarea, #nb-measure-2 .nb-measure-deadline input",
              DEADLINE)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#nb-measure-2 .nb-measure-problem input')]"
        ".some(e => e.value.startsWith('本年问题1'))")

    account = stored(ui_server)["account"]
    [first, _] = account["previous_problems"]
    assert first["status"] == "部分整改" and first["actions"] == [ACTION]
    [problem] = account["problems"]
    assert problem["candidate"] == "cand.unable_share" and problem["origin"] == "表格数据"
    [from_idea, ours] = account["measures"]
    assert from_idea["adopted"]["agency"] == "上海市人民政府办公厅" and from_idea["problem"] == first["id"]
    assert ours["text"] == MEASURE and ours["problem"] == problem["id"]

    page.set_viewport_size({"width": 1280, "height": 800})
    page.evaluate("() => window.scrollTo(0, document.querySelector('#nb-tabs').getBoundingClientRect().top"
                  " + window.scrollY - 6)")
    save_screenshot(page, "account", shots)
    page.set_viewport_size({"width": 1500, "height": 1000})


def test_draft_five_from_the_account(ui_server: Server, page: Any) -> None:
    page.click("#nb-account-draft")
    page.wait_for_selector("#nb-section input[value=problems]:checked")
    summary = page.locator("#nb-five-account-summary")
    summary.wait_for()
    assert "本年问题 1 条" in summary.inner_text() and "改进措施 2 条" in summary.inner_text()
    page.click("#nb-draft-btn")
    page.wait_for_selector("#nb-draft .nb-draft[data-state=done]", timeout=60_000)
    draft = page.inner_text("#nb-draft")
    assert "政策图解" in draft and "无法提供" in draft and DEADLINE in draft, draft
    page.click("#nb-draft-accept")
    page.wait_for_function(
        "() => document.querySelector('#nb-section-text textarea').value.includes('政策图解')")


def test_everything_is_still_there_after_a_reload(ui_server: Server, page: Any) -> None:
    page.reload()
    page.wait_for_selector(f"#nb-status :text('{AGENCY}')")
    open_account(page)
    page.wait_for_selector("#nb-fate-1 input[value='部分整改']:checked")
    assert page.locator("#nb-actions-1 textarea").input_value() == ACTION
    page.wait_for_selector("#nb-problem-1 :text('表格数据')")
    assert "无法提供" in page.locator("#nb-problem-1 .nb-problem-text textarea").input_value()
    assert "上海市人民政府办公厅" in page.locator("#nb-measure-1 .nb-measure-adopted").first.inner_text()
    assert page.locator("#nb-measure-2 .nb-measure-text textarea").input_value() == MEASURE
    deadline = page.locator("#nb-measure-2 .nb-measure-deadline textarea, #nb-measure-2 .nb-measure-deadline input")
    assert deadline.input_value() == DEADLINE
    assert page.locator("#nb-measure-2 .nb-measure-problem input").input_value().startswith("本年问题1")
    assert page.locator(".nb-acct-cand", has_text="无法提供").count() == 0  # adopted, no longer a candidate

    page.get_by_role("tab", name="正文与起草").click()
    page.locator("#nb-section label", has_text="五、存在的主要问题及改进情况").click()
    page.wait_for_function(
        "() => document.querySelector('#nb-section-text textarea').value.includes('政策图解')")
    five = page.locator("#nb-section-text textarea").input_value()
    assert "2022年3月上线" in five and DEADLINE in five
