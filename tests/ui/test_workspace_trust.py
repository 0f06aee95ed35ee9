"""A county writer's day in the workspace, in headless Chromium at an office screen's 1280×800,
once with an English and once with a Chinese browser language (template drafting, no model).

Refused actions leave the page readable and clickable; 起草说明 typed through an input method and
pasted are saved, used by the next draft, and survive 采用此稿 and a reload; accepting a draft over
the writer's own text asks first, and can be undone; a draft asked for in the chat is proposed
once; the chat survives a reload and long answers are read from their start; the history shows
what a restore changes before restoring; export is held back by placeholders and blank cells of
the national form; after 从上年报告开始 last year's numbers are marked. Screenshots:
docs/images/ui-drafting.png, ui-chat.png, ui-review.png, ui-export.png (NIANBAO_UI_SCREENSHOTS=1).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import Browser, Server, save_screenshot

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SEED = SAMPLES / "jinghe-gongyeyuanqu-2021.txt"
LAST_YEAR = SAMPLES / "pingtan-zone-2021.txt"
AGENCIES = {"en-US": "青溪县民政局", "zh-CN": "临川县民政局"}
NEXT_YEARS = {"en-US": "2022", "zh-CN": "2023"}
OWN = "本机关自查发现，政府信息公开专栏部分栏目更新不够及时，个别政策文件解读材料发布滞后，需要加强。"
NOTE_TYPED = "问题：政府信息公开专栏栏目设置不够清晰"  # committed as an input method commits
NOTE_PASTED = "措施：2025年6月底前完成专栏栏目调整"  # pasted from the clipboard
FIVE = "五、存在的主要问题及改进情况"
SIX = "六、其他需要报告的事项"
ACCEPTED = f"接受起草稿（{FIVE}）"


@pytest.fixture(scope="module")
def session(office_browser: Browser, ui_server: Server) -> Browser:
    office_browser.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                             origin=ui_server.url.rstrip("/"))
    return office_browser


@pytest.fixture(scope="module")
def page(session: Browser) -> Any:
    return session.page


@pytest.fixture(scope="module")
def agency(session: Browser) -> str:
    return AGENCIES[session.locale]


# --- helpers ---------------------------------------------------------------------------------------


def tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def loaded(page: Any) -> None:
    """Wait for the page's own load handler: it fills the header and closes the start panel when
    a report exists, so a panel opened before it finishes would be closed again under the test."""
    page.wait_for_function("() => ((document.querySelector('#nb-status') || {}).innerText || '').trim()")


def open_start(page: Any) -> None:
    if not page.locator("#nb-import-btn").is_visible():
        page.locator("#nb-start").get_by_text("新建或导入报告").first.click()
    page.locator("#nb-import-btn").wait_for()


def close_start(page: Any) -> None:
    if page.locator("#nb-import-btn").is_visible():
        page.locator("#nb-start").get_by_text("新建或导入报告").first.click()
        page.locator("#nb-import-btn").wait_for(state="hidden")


def upload(page: Any, field: str, path: Path) -> None:
    """Put ``path`` in the upload field ``field`` (clearing a file left there); the field is
    brought on screen first (an earlier test may have left another tab of the panel open)."""
    if field == "#nb-import-file" and not page.locator(field).is_visible():
        open_start(page)
        page.locator("#nb-start").get_by_role("tab", name="导入已有报告").click()
        page.locator(field).wait_for()
    if page.locator(f"{field} .file-preview").count():
        page.locator(field).get_by_role("button", name=re.compile("清除|Clear")).first.click()
    page.set_input_files(f"{field} input[type=file]", str(path))
    page.wait_for_selector(f"{field} .file-preview :text('{path.stem}')")


def refusal(page: Any, words: str) -> str:
    """The refusal toast saying ``words``: titled 操作未完成; closed after reading."""
    shown = page.locator(".toast-body.warning", has_text=words).last
    shown.wait_for()
    assert shown.locator(".toast-title").inner_text().strip() == "操作未完成"
    text: str = shown.locator("[data-testid=toast-text]").inner_text()
    close_toasts(page)
    return text


def close_toasts(page: Any) -> None:
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(10):
        buttons = page.locator("[data-testid=toast-close]")
        if buttons.count() == 0:
            return
        with contextlib.suppress(PlaywrightError):  # it may go by itself meanwhile
            buttons.first.click(timeout=2000)
        time.sleep(0.2)


def overlays(page: Any) -> int:
    """Gradio's red error overlays on components (what blanked the writer's page)."""
    count: int = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid=status-tracker] .error, [data-testid=status-tracker].error')]
        .filter(e => e.getClientRects().length > 0).length""")
    return count


def assert_usable(page: Any, where: str) -> None:
    """No error overlay; every tab opens; the section text is there and readable."""
    assert overlays(page) == 0, f"error overlay after {where}"
    tab(page, "表格")
    page.locator("input[data-cell]").first.wait_for()
    tab(page, "正文与起草")
    area = page.locator("#nb-section-text textarea")
    area.wait_for()
    assert area.is_enabled() and area.input_value().strip(), f"section text gone after {where}"
    for name in ("审核", "导出", "历史版本", "正文与起草"):
        tab(page, name)
    page.locator("#nb-draft-btn").wait_for()
    assert page.locator("#nb-draft-btn").is_enabled()
    assert overlays(page) == 0, f"error overlay after {where}"


def section(page: Any, label: str) -> None:
    """Show another section, and wait until its text is in the box (typing before that would
    type into the box the section's text is about to replace)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tab(page, "正文与起草")
    choice = page.locator("#nb-section label", has_text=label)
    if choice.locator("input:checked").count():
        return
    before = text_value(page)
    choice.click()
    with contextlib.suppress(PlaywrightTimeout):  # unless the two sections hold the same text
        page.wait_for_function(
            "t => document.querySelector('#nb-section-text textarea').value !== t", arg=before,
            timeout=5000)


def text_value(page: Any) -> str:
    value: str = page.locator("#nb-section-text textarea").input_value()
    return value


def wait_text(page: Any, words: str, *, present: bool = True) -> None:
    page.wait_for_function(
        "([w, p]) => document.querySelector('#nb-section-text textarea').value.includes(w) === p",
        arg=[words, present])


def journal(server: Server, agency: str) -> dict[str, Any]:
    [path] = (server.data_dir / "reports" / agency).glob("*/workspace.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def type_cell(page: Any, address: str, value: str) -> None:
    box = page.locator(f'input[data-cell="{address}"]')
    box.fill(value)
    box.press("Tab")


# --- the day ---------------------------------------------------------------------------------------


def test_refused_actions_leave_the_page_usable(ui_server: Server, page: Any, agency: str,
                                               tmp_path: Path, shots: Path) -> None:
    page.goto(ui_server.url)
    page.wait_for_selector("#nb-chat")
    loaded(page)
    open_start(page)
    upload(page, "#nb-import-file", SEED)
    page.locator("#nb-import-agency textarea, #nb-import-agency input").first.fill(agency)
    page.click("#nb-import-btn")
    page.wait_for_selector(f"#nb-status :text('{agency}')")

    # 1. The same report again: it exists.
    open_start(page)
    upload(page, "#nb-import-file", SEED)
    page.locator("#nb-import-agency textarea, #nb-import-agency input").first.fill(agency)
    page.click("#nb-import-btn")
    assert "已存在" in refusal(page, "已存在")
    assert_usable(page, "importing a report that exists")

    # 2. A damaged file: named by its name, not the upload's temporary folder.
    bad = tmp_path / "局里发来的年报.docx"
    bad.write_bytes(b"not a zip file")
    open_start(page)
    upload(page, "#nb-import-file", bad)
    page.click("#nb-import-btn")
    message = refusal(page, bad.name)
    assert "/" not in message, message
    assert_usable(page, "importing a damaged file")

    # 3. Dismissing a warning without a reason.
    tab(page, "审核")
    page.locator("#nb-review-open li[data-code='proof.duplicate_char']").first.click()
    page.wait_for_selector("#nb-review-detail :text('园区区')")
    page.click("#nb-dismiss")
    refusal(page, "理由")
    assert_usable(page, "dismissing without a reason")
    tab(page, "审核")
    page.locator("#nb-review-open li[data-code='proof.duplicate_char']").first.click()
    page.wait_for_selector("#nb-review-detail :text('园区区')")
    page.locator("#nb-dismiss-reason textarea").fill("原文如此，保留原文")
    page.click("#nb-dismiss")
    page.locator("#nb-review-dismissed li[data-code='proof.duplicate_char']").wait_for()
    close_start(page)
    page.locator("#nb-tabs").scroll_into_view_if_needed()
    save_screenshot(page, "review", shots)

    # 4. Exporting with no format chosen.
    tab(page, "导出")
    page.locator("#nb-formats label", has_text="Word").click()  # unticks the default
    page.click("#nb-export")
    refusal(page, "请至少选择一种导出格式")
    page.locator("#nb-formats label", has_text="Word").click()
    assert_usable(page, "exporting with no format")


def test_year_boxes_are_empty_and_file_names_whole(page: Any, tmp_path: Path) -> None:
    open_start(page)
    for name, box in (("导入已有报告", "#nb-import-year"), ("从上年报告开始", "#nb-prev-year")):
        page.locator("#nb-start").get_by_role("tab", name=name).click()
        field = page.locator(f"{box} textarea, {box} input").first
        assert field.input_value() == "", f"{box} shows {field.input_value()!r} while unset"
    page.locator("#nb-start").get_by_role("tab", name="从台账生成").click()
    ledger = tmp_path / "2024年度政府信息公开行政复议诉讼案件登记台账（法制科汇总）.csv"
    ledger.write_text("编号,收到日期\n", encoding="utf-8")
    upload(page, "#nb-led-cases", ledger)
    stem = page.locator("#nb-led-cases .file-preview .stem").first
    stem.wait_for()
    shown = page.locator("#nb-led-cases .file-preview td.filename").first.inner_text()
    assert "".join(shown.split()) == ledger.name, shown
    assert stem.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the file name is cut off"
    page.locator("#nb-led-cases").get_by_role("button", name=re.compile("清除|Clear")).first.click()
    page.locator("#nb-start").get_by_role("tab", name="导入已有报告").click()


def test_notes_from_an_input_method_and_the_clipboard_are_saved_and_drafted(
        ui_server: Server, page: Any, agency: str, shots: Path) -> None:
    close_start(page)
    section(page, FIVE)
    page.locator("#nb-section-text textarea").fill(OWN)
    page.wait_for_selector(f"#nb-text-saved :text('（{len(OWN)} 字）')")
    notes = page.locator("#nb-notes textarea")
    notes.click()
    notes.fill("")
    page.keyboard.insert_text(NOTE_TYPED)  # one input event, no key presses
    page.keyboard.press("Enter")
    page.evaluate("text => navigator.clipboard.writeText(text)", NOTE_PASTED)
    page.keyboard.press("Control+V")
    assert notes.input_value() == f"{NOTE_TYPED}\n{NOTE_PASTED}"
    page.click("#nb-draft-btn")  # at once: the draft takes the notes on screen
    page.wait_for_selector("#nb-draft .nb-draft[data-state=done]", timeout=60_000)
    draft = page.inner_text("#nb-draft")
    assert "栏目设置不够清晰" in draft and "完成专栏栏目调整" in draft, draft
    assert journal(ui_server, agency)["notes"] == f"{NOTE_TYPED}\n{NOTE_PASTED}"
    page.evaluate("() => document.querySelector('#nb-section').scrollIntoView({block: 'start'})")
    save_screenshot(page, "drafting", shots)


def test_accepting_over_the_writers_text_asks_and_can_be_undone(page: Any) -> None:
    page.click("#nb-draft-accept")
    confirm = page.locator("#nb-draft-confirm")
    confirm.wait_for()
    assert "亲手写的正文" in confirm.inner_text()
    assert text_value(page) == OWN  # nothing replaced yet
    page.click("#nb-draft-confirm-yes")
    wait_text(page, "栏目设置不够清晰")
    assert page.locator("#nb-notes textarea").input_value() == f"{NOTE_TYPED}\n{NOTE_PASTED}"
    undo = page.locator("#nb-undo")
    undo.wait_for()
    assert undo.inner_text().strip() == f"撤销：{ACCEPTED}"
    close_toasts(page)
    undo.click()
    wait_text(page, "栏目设置不够清晰", present=False)
    assert text_value(page) == OWN
    assert page.locator("#nb-notes textarea").input_value() == f"{NOTE_TYPED}\n{NOTE_PASTED}"
    close_toasts(page)


def test_notes_survive_a_reload(ui_server: Server, page: Any) -> None:
    page.reload()
    page.wait_for_selector("#nb-chat")
    tab(page, "正文与起草")
    page.wait_for_function(
        "t => document.querySelector('#nb-notes textarea').value === t",
        arg=f"{NOTE_TYPED}\n{NOTE_PASTED}")
    assert text_value(page) == OWN  # the section last worked on, as the writer left it


def test_a_draft_asked_in_the_chat_is_proposed_once_and_the_chat_is_kept(
        page: Any, shots: Path) -> None:
    tab(page, "正文与起草")
    box = page.locator("#nb-chat-input textarea")
    box.fill("帮我起草第五部分")
    page.click("#nb-chat-send")
    page.locator("#nb-proposal-body").wait_for(timeout=60_000)
    page.wait_for_selector("#nb-chat :text('下面是修改建议')")
    accepts = [page.locator(s).is_visible() for s in ("#nb-accept", "#nb-draft-accept")]
    assert accepts == [True, False], f"proposal buttons shown: {accepts}"
    assert not page.locator("#nb-draft .nb-draft").is_visible()
    # The long answer is shown from its beginning (the question at the top of the box), and the
    # rest of it can be scrolled to.
    place = page.evaluate("""() => {
        const box = document.querySelector('#nb-chat .bubble-wrap');
        const users = document.querySelectorAll('#nb-chat .user-row');
        const q = users[users.length - 1].getBoundingClientRect(), b = box.getBoundingClientRect();
        return {top: q.top - b.top, height: b.height, scroll: box.scrollHeight - box.clientHeight};
    }""")
    assert 0 <= place["top"] < place["height"] / 2, place
    page.evaluate("() => { const b = document.querySelector('#nb-chat .bubble-wrap'); b.scrollTop = b.scrollHeight; }")
    assert page.locator("#nb-chat .bot-row").last.locator(":text('来源')").first.is_visible()
    page.click("#nb-reject")
    page.locator("#nb-proposal-body").wait_for(state="detached")

    box.fill("第二十条第（五）项是什么")
    page.click("#nb-chat-send")
    page.wait_for_selector("#nb-chat :text('办理行政许可和其他对外管理服务事项的依据')")
    time.sleep(0.6)
    save_screenshot(page, "chat", shots)

    page.reload()
    page.wait_for_selector("#nb-chat :text('帮我起草第五部分')")
    page.wait_for_selector("#nb-chat :text('办理行政许可和其他对外管理服务事项的依据')")


def test_the_history_shows_what_a_restore_changes(page: Any) -> None:
    tab(page, "历史版本")
    page.locator("#nb-versions input").click()
    names = page.get_by_role("option").all_inner_texts()
    assert names and not [n for n in names if re.search(r"（[a-z_]+）|\d{8}T\d{6}", n)], names
    page.get_by_role("option", name=re.compile(f"· {re.escape(ACCEPTED)}$")).first.click()
    diff = page.locator("#nb-version-diff .nb-version-diff")
    diff.wait_for()
    assert FIVE in diff.inner_text()
    assert diff.locator("del").all_inner_texts() == [OWN]  # what the writer has now, struck out
    assert "栏目设置不够清晰" in "".join(diff.locator("ins").all_inner_texts())  # what comes back
    page.click("#nb-restore")
    page.wait_for_selector("#nb-history-msg :text('已恢复到版本')")
    section(page, FIVE)
    wait_text(page, "栏目设置不够清晰")
    tab(page, "历史版本")
    page.locator("#nb-history-undo").click()
    page.wait_for_selector("#nb-history-msg :text('已撤销')")
    section(page, FIVE)
    wait_text(page, OWN)


def test_export_is_held_back_by_placeholders_and_blank_cells(page: Any, agency: str,
                                                             shots: Path) -> None:
    section(page, SIX)
    before = text_value(page)
    placeholder = before + "【待补充：政务公开工作要点落实情况】"
    page.locator("#nb-section-text textarea").fill(placeholder)
    page.wait_for_selector(f"#nb-text-saved :text('（{len(placeholder)} 字）')")
    tab(page, "导出")
    page.wait_for_selector("#nb-gate :text('导出已被阻止')")
    assert "占位" in page.inner_text("#nb-gate")
    page.click("#nb-export")
    refusal(page, "导出已被阻止")
    assert page.locator("#nb-export-files a").count() == 0
    assert_usable(page, "exporting while blocked")

    section(page, SIX)
    page.locator("#nb-section-text textarea").fill(before)
    page.wait_for_selector(f"#nb-text-saved :text('（{len(before)} 字）')")
    tab(page, "表格")
    type_cell(page, "t4.review.upheld", "")
    page.wait_for_selector('input[data-cell="t4.review.upheld"].nb-warning, '
                           'input[data-cell="t4.review.upheld"].nb-error')
    tab(page, "导出")
    page.wait_for_function("() => document.querySelector('#nb-gate').innerText.includes('结果维持')")
    gate = page.inner_text("#nb-gate")
    assert "未填数字" in gate and "“结果维持”列为空" in gate, gate
    assert "占位" not in gate
    page.click("#nb-export")
    refusal(page, "导出已被阻止")
    assert page.locator("#nb-export-files a").count() == 0

    # The report as exported, before exporting it.
    page.locator("#nb-preview-box").get_by_text("预览全文").first.click()
    frame = page.frame_locator("#nb-preview-frame")
    frame.locator("h1").first.wait_for()
    assert agency in frame.locator("h1").first.inner_text()
    assert "【待补充" not in frame.locator("body").inner_text()
    page.evaluate("() => document.querySelector('#nb-gate').scrollIntoView({block: 'start'})")
    time.sleep(0.5)
    save_screenshot(page, "export", shots)
    tab(page, "表格")
    type_cell(page, "t4.review.upheld", "0")
    tab(page, "导出")
    page.wait_for_function("() => !document.querySelector('#nb-gate').innerText.includes('结果维持')")


def test_last_years_numbers_are_marked_after_starting_from_it(session: Browser, page: Any) -> None:
    open_start(page)
    page.locator("#nb-start").get_by_role("tab", name="从上年报告开始").click()
    upload(page, "#nb-prev-file", LAST_YEAR)
    page.locator("#nb-prev-year textarea, #nb-prev-year input").first.fill(NEXT_YEARS[session.locale])
    page.click("#nb-prev-btn")
    page.wait_for_selector(f"#nb-status :text('{NEXT_YEARS[session.locale]}年')")
    section(page, "一、总体情况")
    marks = page.locator("#nb-stale mark.nb-stale-number")
    marks.first.wait_for()
    assert {"2645", "70", "69"} <= set(marks.all_inner_texts())
    # Updated by the writer: no longer marked.
    area = page.locator("#nb-section-text textarea")
    area.fill(text_value(page).replace("政府信息2645条", "政府信息3012条"))
    page.wait_for_function("() => ![...document.querySelectorAll('#nb-stale mark')]"
                           ".some(m => m.innerText === '2645')")
    assert "3012" not in page.locator("#nb-stale mark.nb-stale-number").all_inner_texts()
