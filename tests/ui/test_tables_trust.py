"""The 表格 tab as a county writer uses it on an office screen (1280×800, browser in English and
in Chinese), in headless Chromium against the real UI server:

- (4) a 表二 row printed run together (平潭 2022: “8855698”, 15 splits) is shown undecided, not
  as 8855698 in three cells; choosing a split fills the cells, is exported, and can be undone;
- (5) rebuilding from the application ledger alone shows the cells that change and asks first;
  cancel changes nothing, confirm changes 表三 only (表四 is kept), undo restores; a 表四 with no
  data is a finding, not a ✓;
- (6) a file imported over a ledger-built report: the inspector and the chat explain the cells
  by the file (and a hand edit by the edit), never by the old ledger's rows;
- (8) last year's figures beside this year's: per cell (tooltip, inspector, a column toggled on)
  and in the chat (“今年和去年比…”);
- (9) the layout: row labels in at most two lines at 1280×800 and 1920×1080, the tables as wide
  as they need, only the wrong cell red (its partners in the sum outlined) and its message
  right under its row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.report import Report
from assistant.services import Library
from tests.ledger.sheets import APP_HEADER, CASE_HEADER, write_csv
from tests.ui.conftest import Browser, Server, save_screenshot, visible_english

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
RUN_TOGETHER = SAMPLES / "pingtan-zone-2022.txt"  # 表二 规范性文件 printed “8855698”
LAST_YEAR = SAMPLES / "pingtan-zone-2021.txt"
NORMATIVE = ["t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"]
# Each browser language gets its own agencies: the two runs share one server.
SUFFIX = {"en-US": "甲", "zh-CN": "乙"}

APPS = [
    ("2024-001", "2024-01-05", "自然人", "2024-01-20", "予以公开", None),
    ("2024-002", "2024-02-05", "自然人", "2024-02-20", "部分公开", None),
    ("2024-003", "2024-03-05", "商业企业", "2024-03-20", "予以公开", None),
    ("2024-004", "2024-04-05", "自然人", "2024-04-20", "予以公开", None),
    ("2024-005", "2024-12-28", "自然人", None, None, None),
]
MORE_APPS = [*APPS, ("2024-006", "2024-06-05", "自然人", "2024-06-20", "予以公开", None),
             ("2024-007", "2024-07-05", "法律服务机构", "2024-07-20", "予以公开", None)]
CASES = [
    ("F1", "行政复议", "2024-03-01", "维持", "2024-05-01"),
    ("F2", "行政复议", "2024-10-01", None, None),
    ("F3", "复议后起诉", "2024-06-01", "其他", "2024-09-30"),
]


@pytest.fixture(scope="module")
def page(office_browser: Browser) -> Any:
    return office_browser.page


@pytest.fixture(scope="module")
def suffix(office_browser: Browser) -> str:
    return SUFFIX[office_browser.locale]


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("ledgers")
    write_csv(folder / "申请台账.csv", APP_HEADER, APPS)
    write_csv(folder / "申请台账-补录后.csv", APP_HEADER, MORE_APPS)
    write_csv(folder / "复议诉讼台账.csv", CASE_HEADER, CASES)
    yield folder


# --- helpers ------------------------------------------------------------------------------------


def cell(page: Any, address: str) -> Any:
    return page.locator(f'input[data-cell="{address}"]')


def values(page: Any, prefix: str = "") -> dict[str, str]:
    found: dict[str, str] = page.eval_on_selector_all(
        "input[data-cell]", "els => Object.fromEntries(els.map(e => [e.dataset.cell, e.value]))")
    return {a: v for a, v in found.items() if a.startswith(prefix)}


def type_cell(page: Any, address: str, value: str) -> None:
    """Type a value and leave the cell; wait until the server has saved and re-checked it."""
    box = cell(page, address)
    box.fill(value)
    box.press("Tab")
    page.wait_for_selector(f'input[data-cell="{address}"]:not(.nb-pending)')
    page.keyboard.press("Escape")


def tables_tab(page: Any) -> None:
    page.get_by_role("tab", name="表格").click()
    page.wait_for_selector("input[data-cell]")


def open_latest(page: Any, server: Server, agency: str) -> None:
    """The page opens the most recently changed report: the one a test just made."""
    page.goto(server.url)
    page.wait_for_selector(f"#nb-status :text('{agency}')")
    tables_tab(page)


def loaded(page: Any) -> None:
    """The page has run its first refresh (the status line says what is open, if anything)."""
    page.wait_for_function(
        "() => (document.querySelector('#nb-status')?.innerText || '').trim().length > 0")


def import_file(page: Any, path: Path) -> None:
    """The start panel's import, replacing a report of the same agency and year."""
    loaded(page)
    if not page.locator("#nb-import-btn").is_visible():
        page.locator("#nb-start").get_by_text("新建或导入报告").first.click()
    page.set_input_files("#nb-import-file input[type=file]", str(path))
    page.wait_for_selector(f"#nb-import-file :text('{path.name}')")
    page.locator("#nb-start label", has_text="覆盖").locator("input").check()
    page.click("#nb-import-btn")
    page.wait_for_selector(f"#nb-start-notes :text('已导入 {path.name}')")
    tables_tab(page)


def ledger_report(server: Server, ledgers: Path, agency: str, *, cases: bool) -> None:
    """A report started from the ledgers, made on disk as the start panel makes it."""
    library = Library(server.data_dir / "reports")
    library.start_from_ledger(ledgers / "申请台账.csv", agency=agency, year=2024,
                              cases=ledgers / "复议诉讼台账.csv" if cases else None,
                              replace=True)


def inspect(page: Any, address: str, text: str) -> str:
    cell(page, address).focus()
    # The inspector is for this cell (its address is under 详细信息, not on screen).
    page.wait_for_function("a => (document.querySelector('#nb-inspector') || {innerHTML: ''}).innerHTML"
                           ".includes('<code>' + a + '</code>')", arg=address)
    page.wait_for_selector(f"#nb-inspector :text('{text}')")
    shown: str = page.inner_text("#nb-inspector")
    page.keyboard.press("Escape")
    return shown


def ask(page: Any, message: str, expect: str) -> str:
    box = page.locator("#nb-chat-input textarea")
    box.fill(message)
    page.click("#nb-chat-send")
    page.wait_for_selector(f"#nb-chat :text('{expect}')", timeout=60_000)
    text: str = page.inner_text("#nb-chat")
    return text


def label_lines(page: Any) -> dict[str, int]:
    """Lines each row label of the tables takes on screen (line boxes of its text)."""
    found: dict[str, int] = page.evaluate("""() => {
        const out = {};
        for (const th of document.querySelectorAll('#nb-tables th.nb-row')) {
            const range = document.createRange();
            range.selectNodeContents(th);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            out[th.closest('tr').dataset.row + ':' + th.textContent.slice(0, 12)] = tops.size;
        }
        return out;
    }""")
    return found


# Words of the uploaded files' names, which the page rightly shows as they are.
FILE_WORDS = frozenset({"pingtan", "zone"})


def english(page: Any) -> list[str]:
    """English on screen (``visible_english``) other than the names of the files uploaded."""
    return [w for w in visible_english(page) if w.split("（", 1)[0].lower() not in FILE_WORDS]


# --- (4) a row printed run together -----------------------------------------------------------


def test_a_run_together_row_is_undecided_until_a_split_is_chosen(
        ui_server: Server, page: Any, shots: Path) -> None:
    page.goto(ui_server.url)
    import_file(page, RUN_TOGETHER)
    # Before: the three cells showed “8855698” each, and exported blank.
    for address in NORMATIVE:
        assert cell(page, address).input_value() == ""
        assert "nb-unresolved" in (cell(page, address).get_attribute("class") or "")
        assert "8855698" in (cell(page, address).get_attribute("title") or "")
    chooser = page.locator('#nb-tables tr[data-msg-for="t2.normative"] .nb-split')
    assert "8855698" in chooser.inner_text()
    buttons = chooser.locator("button.nb-choice")
    assert buttons.count() == 15
    assert "待定" in inspect(page, NORMATIVE[0], "待定")
    assert english(page) == []

    chooser.locator("button.nb-choice", has_text="88 ｜ 55 ｜ 698").click()
    page.wait_for_function(
        "() => document.querySelector('input[data-cell=\"t2.normative.issued\"]').value === '88'")
    assert [cell(page, a).input_value() for a in NORMATIVE] == ["88", "55", "698"]
    assert page.locator("#nb-tables .nb-unresolved").count() == 0
    assert page.locator("#nb-tables .nb-split").count() == 0
    shown = inspect(page, "t2.normative.in_force", "选定")
    assert "8855698" in shown and "698" in shown

    # The export has the chosen figures.
    page.get_by_role("tab", name="导出").click()
    page.wait_for_selector("#nb-gate :text('可以导出')")
    formats = page.locator("#nb-formats")
    formats.locator("label", has_text="JSON").locator("input").check()
    formats.locator("label", has_text="Word").locator("input").uncheck()
    page.click("#nb-export")
    page.locator("#nb-export-files a").first.wait_for()
    [exported] = list(ui_server.data_dir.rglob("平潭综合实验区2022年政府信息公开工作年度报告.json"))
    cells = json.loads(exported.read_text(encoding="utf-8"))["cells"]
    assert [cells[a] for a in NORMATIVE] == [88, 55, 698]

    # One click takes the choice back.
    tables_tab(page)
    page.click("#nb-tables-undo")
    page.wait_for_selector('input[data-cell="t2.normative.issued"].nb-unresolved')
    assert [cell(page, a).input_value() for a in NORMATIVE] == ["", "", ""]
    assert page.locator("#nb-tables button.nb-choice").count() == 15


# --- (5) rebuilding from the ledgers ----------------------------------------------------------


def test_rebuilding_from_the_application_ledger_asks_first_and_keeps_table_four(
        ui_server: Server, page: Any, ledgers: Path, suffix: str) -> None:
    agency = f"青溪县{suffix}教育局"
    ledger_report(ui_server, ledgers, agency, cases=True)
    open_latest(page, ui_server, agency)
    before = values(page)
    assert before["t4.review.total"] == "2" and before["t3.new.natural"] == "4"

    page.locator("#nb-ledger").get_by_text(re.compile("^从台账")).first.click()
    page.set_input_files("#nb-ledger-apps input[type=file]", str(ledgers / "申请台账-补录后.csv"))
    page.wait_for_selector("#nb-ledger-apps :text('申请台账-补录后.csv')")
    page.click("#nb-ledger-fill")
    dialog = page.locator("#nb-fill-confirm")
    dialog.locator("#nb-fill-changes").wait_for()
    changed = dialog.locator("tr[data-cell]")
    listed = {changed.nth(i).get_attribute("data-cell"): changed.nth(i).inner_text().split("\t")
              for i in range(changed.count())}
    assert "t3.new.natural" in listed and "t3.new.legal" in listed
    assert listed["t3.new.natural"][1:] == ["4", "5"]  # old → new
    assert not any(a.startswith("t4.") for a in listed)
    assert "表四：未提供相应台账，保持不变" in dialog.inner_text()
    assert values(page) == before  # nothing is written while the writer reads
    assert english(page) == []

    page.click("#nb-fill-cancel")
    dialog.wait_for(state="hidden")
    page.wait_for_selector("#nb-ledger-notes :text('已取消')")
    assert values(page) == before

    page.click("#nb-ledger-fill")
    dialog.locator("#nb-fill-changes").wait_for()
    page.click("#nb-fill-apply")
    page.wait_for_function(
        "() => document.querySelector('input[data-cell=\"t3.new.natural\"]').value === '5'")
    after = values(page)
    assert after["t3.new.legal"] == "1" and after["t3.new.total"] == "7"
    assert values(page, "t4.") == {a: v for a, v in before.items() if a.startswith("t4.")}
    assert "第2行" in inspect(page, "t4.review.upheld", "复议诉讼台账.csv")  # kept

    undo = page.locator("#nb-tables-undo")
    assert "从台账" in undo.inner_text()
    undo.click()
    page.wait_for_function(
        "() => document.querySelector('input[data-cell=\"t3.new.natural\"]').value === '4'")
    assert values(page) == before
    assert "申请台账.csv" in inspect(page, "t3.new.natural", "第2行")


def test_a_table_with_no_data_is_a_finding_not_a_tick(ui_server: Server, page: Any,
                                                      ledgers: Path, suffix: str) -> None:
    agency = f"白沙县{suffix}教育局"
    ledger_report(ui_server, ledgers, agency, cases=False)  # no case ledger: 表四 left blank
    open_latest(page, ui_server, agency)
    section = page.locator('#nb-tables section[data-table="t4"]')
    assert section.locator(".nb-ok").count() == 0
    assert "表四没有任何数据" in section.locator("li.nb-msg-error").first.inner_text()
    assert page.locator('#nb-tables [data-table-status="t3"].nb-ok').count() == 1


# --- (6) provenance follows the numbers -------------------------------------------------------


def test_an_import_over_a_ledger_report_is_explained_by_the_file(
        ui_server: Server, page: Any, ledgers: Path, suffix: str, tmp_path: Path) -> None:
    agency = f"青山县{suffix}教育局"
    ledger_report(ui_server, ledgers, agency, cases=True)
    open_latest(page, ui_server, agency)
    assert "申请台账.csv" in inspect(page, "t3.new.natural", "第2行")

    imported = Report.blank(agency=agency, year=2024)
    for address, value in {"t3.new.natural": 74, "t3.new.total": 74,
                           "t3.handled_total.natural": 74, "t3.handled_total.total": 74,
                           "t3.public.natural": 74, "t3.public.total": 74}.items():
        imported.set_cell(address, value)
    upload = tmp_path / f"{agency}2024.json"
    upload.write_text(imported.to_json(), encoding="utf-8")
    import_file(page, upload)
    assert cell(page, "t3.new.natural").input_value() == "74"
    shown = inspect(page, "t3.new.natural", "导入")
    assert f"从文件 {upload.name} 导入，原文为 74" in shown
    assert "台账" not in shown and "第2行" not in shown  # before: the old ledger's 4 rows
    chat = ask(page, "为什么依申请新收是74", f"从文件 {upload.name} 导入")
    assert "台账中计入的行" not in chat

    type_cell(page, "t3.new.natural", "73")
    shown = inspect(page, "t3.new.natural", "手工修改")
    assert "74 → 73" in shown and f"从文件 {upload.name} 导入" in shown


# --- (8) last year beside this year -----------------------------------------------------------


def test_last_years_figures_beside_this_years(ui_server: Server, page: Any) -> None:
    page.goto(ui_server.url)
    import_file(page, RUN_TOGETHER)
    page.get_by_text("上年报告（跨年度核对）").first.click()
    page.set_input_files("#nb-previous input[type=file]", str(LAST_YEAR))
    page.wait_for_selector(f"#nb-previous :text('{LAST_YEAR.name}')")
    page.get_by_role("button", name="载入上年报告").click()
    page.wait_for_selector(":text('已载入上年报告')")  # arrives with the tables re-rendered

    title = cell(page, "t3.new.total").get_attribute("title") or ""
    assert "上年（2021年）：70，今年比上年 增加 4（+6%）" in title
    prev = page.locator('.nb-prev[data-prev-of="t3.new.total"]')
    assert not prev.is_visible()
    page.locator("#nb-prev-toggle input").check()
    prev.wait_for()
    assert prev.inner_text().replace("\n", " ") == "上年 70 +4"
    assert page.locator('.nb-prev[data-prev-of="t3.new.natural"]').is_visible()
    assert "今年比上年：增加 4（+6%）" in inspect(page, "t3.new.total", "上年（2021年）：70")
    assert english(page) == []
    chat = ask(page, "今年和去年比，依申请新收有什么变化", "今年 74，上年 70")
    assert "增加 4（+6%）" in chat
    page.locator("#nb-prev-toggle input").uncheck()
    prev.wait_for(state="hidden")


# --- (9) the layout at office screens ---------------------------------------------------------


def test_labels_fit_and_only_the_wrong_cell_is_red(ui_server: Server, page: Any,
                                                   shots: Path) -> None:
    page.goto(ui_server.url)
    import_file(page, RUN_TOGETHER)
    lines = label_lines(page)
    assert lines and max(lines.values()) <= 2, {k: n for k, n in lines.items() if n > 2}
    widths = page.evaluate("""() => ({
        t3: document.querySelector('#nb-t3').getBoundingClientRect().width,
        room: document.querySelector('#nb-tables').getBoundingClientRect().width})""")
    assert widths["t3"] <= widths["room"] + 1  # no table runs off its column
    assert widths["t3"] >= 0.6 * widths["room"]  # and none is squeezed into half of it

    type_cell(page, "t3.new.total", "99")  # 74 + 0 + … ≠ 99
    page.wait_for_selector('input[data-cell="t3.new.total"].nb-error')
    row_mates = [f"t3.new.{c}" for c in ("natural", "commercial", "research", "nonprofit",
                                         "legal", "other_org")]
    for address in row_mates:
        css = cell(page, address).get_attribute("class") or ""
        assert "nb-error" not in css and "nb-partner" in css, (address, css)
    message = page.locator('#nb-tables li.nb-msg-error[data-cell="t3.new.total"]').first
    assert "99" in message.inner_text()
    box, msg = cell(page, "t3.new.total").bounding_box(), message.bounding_box()
    assert 0 <= msg["y"] - (box["y"] + box["height"]) <= 40, (box, msg)
    assert "错误" in inspect(page, "t3.new.total", "错误")

    # The picture for the README: the error under its row, the inspector beside the cell.
    page.locator("#nb-prev-toggle input").check()
    page.locator("#nb-t3 caption").evaluate("e => e.scrollIntoView({block: 'start'})")
    cell(page, "t3.new.total").click()
    page.wait_for_selector("#nb-inspector :text('为什么是这个数')")
    box = cell(page, "t3.new.total").bounding_box()
    pop = page.locator("#nb-inspector").bounding_box()
    assert pop["x"] + pop["width"] <= box["x"] or pop["x"] >= box["x"] + box["width"]  # beside
    save_screenshot(page, "tables", shots)
    page.keyboard.press("Escape")
    page.locator("#nb-prev-toggle input").uncheck()

    page.set_viewport_size({"width": 1920, "height": 1080})
    try:
        lines = label_lines(page)
        assert max(lines.values()) <= 2, {k: n for k, n in lines.items() if n > 2}
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})
    type_cell(page, "t3.new.total", "74")
    page.wait_for_selector('input[data-cell="t3.new.total"]:not(.nb-error)')
    assert page.locator('#nb-tables section[data-table="t3"] li.nb-msg-error').count() == 0
    assert page.locator("#nb-tables input.nb-partner").count() == 0
