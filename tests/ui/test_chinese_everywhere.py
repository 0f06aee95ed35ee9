"""Everything on screen is Chinese, whatever the browser's language; no server path is shown.

Headless Chromium at an office screen's 1280×800, once with an English and once with a Chinese
browser language (``office_browser``), against one server for the module. The tour: the start
screen; an upload of a file type the form does not take (Gradio's own error toast); a damaged
report (a refusal toast, titled 操作未完成, naming the file without its upload folder); import
平潭 2022 with its 2021 report; every tab (表格 with a cell's inspector, 正文与起草 with a draft
and its sources, 整改台账, 审核 with a finding's detail, 导出, 历史版本 with its list open); the
chat. After each step no Latin word but a format's name is visible, in text or in a tooltip
(``visible_english``), and no path of the server's (the upload folder, the data folder, the
project) appears anywhere on the page. The header counts the warnings still open: a dismissed
one is not counted.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import REPO, Browser, Server, visible_english

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
AGENCY = "平潭综合实验区"


@dataclass(frozen=True)
class Files:
    this_year: Path
    last_year: Path
    wrong_type: Path
    damaged: Path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    """The writer's files, named as a writer names them (in Chinese)."""
    folder = tmp_path_factory.mktemp("writer-files")
    this_year = folder / "平潭综合实验区2022年年报.txt"
    last_year = folder / "平潭综合实验区2021年年报.txt"
    shutil.copyfile(SAMPLES / "pingtan-zone-2022.txt", this_year)
    shutil.copyfile(SAMPLES / "pingtan-zone-2021.txt", last_year)
    wrong_type = folder / "工作笔记.exe"
    wrong_type.write_bytes(b"MZ\x90\x00")
    damaged = folder / "损坏的年报.docx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    return Files(this_year, last_year, wrong_type, damaged)


@pytest.fixture(scope="module")
def page(office_browser: Browser) -> Iterator[Any]:
    yield office_browser.page


def server_paths(page: Any, server: Server) -> list[str]:
    """Texts on the page (shown or not, tooltips included) that hold a path of the server's."""
    texts: list[str] = page.evaluate("""() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const el = node.parentElement;
            if (!el || el.closest('script,style,noscript')) continue;
            if (node.textContent.trim()) out.push(node.textContent);
        }
        for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[alt]')) {
            for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
                const v = el.getAttribute(a);
                if (v) out.push(v);
            }
        }
        return out;
    }""")
    markers = ["/tmp/", "/gradio/", str(server.data_dir.resolve()), str(server.workdir.resolve()),
               str(REPO), "/home/", "/root/"]
    return [t.strip()[:80] for t in texts if any(m in t for m in markers)]


def assert_chinese(page: Any, server: Server, where: str) -> None:
    english = visible_english(page)
    assert not english, f"{where}：屏幕上有英文 {english}"
    paths = server_paths(page, server)
    assert not paths, f"{where}：页面上有服务器路径 {paths}"


def toast(page: Any, kind: str) -> Any:
    found = page.locator(f".toast-body.{kind}").last
    found.wait_for()
    return found


def close_toasts(page: Any) -> None:
    for _ in range(10):
        buttons = page.locator("[data-testid=toast-close]")
        if buttons.count() == 0:
            return
        buttons.first.click()
        time.sleep(0.25)


def open_start(page: Any, inner: str = "导入已有报告") -> None:
    """The start panel open at its tab ``inner``."""
    start = page.locator("#nb-start")
    if not start.get_by_role("tab", name=inner).is_visible():
        start.get_by_text("新建或导入报告").first.click()
    start.get_by_role("tab", name=inner).click()


def tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def test_the_page_is_chinese_from_the_start(ui_server: Server, page: Any) -> None:
    page.goto(ui_server.url)
    page.wait_for_selector("#nb-chat")
    # The page has loaded its report (or said there is none): the start panel is as it stays.
    page.wait_for_function("() => (document.querySelector('#nb-status')?.innerText || '').trim()")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    open_start(page)
    assert_chinese(page, ui_server, "打开页面")


def test_a_file_of_the_wrong_type_is_refused_in_chinese(ui_server: Server, page: Any,
                                                        files: Files) -> None:
    close_toasts(page)
    open_start(page)
    page.set_input_files("#nb-import-file input[type=file]", str(files.wrong_type))
    shown = toast(page, "error")
    assert shown.locator(".toast-title").inner_text().strip() == "错误"
    assert "不支持的文件类型" in shown.inner_text()
    assert_chinese(page, ui_server, "上传了不支持的文件类型")
    close_toasts(page)


def test_a_refusal_names_the_file_without_its_folder(ui_server: Server, page: Any,
                                                     files: Files) -> None:
    close_toasts(page)
    open_start(page, "从上年报告开始")
    page.set_input_files("#nb-prev-file input[type=file]", str(files.damaged))
    page.wait_for_selector(f"#nb-prev-file :text('{files.damaged.name}')")
    page.click("#nb-prev-btn")
    shown = toast(page, "warning")
    assert shown.locator(".toast-title").inner_text().strip() == "操作未完成"
    message = shown.locator("[data-testid=toast-text]").inner_text()
    assert files.damaged.name in message and "/" not in message, message
    assert_chinese(page, ui_server, "拒绝操作的提示")
    close_toasts(page)


@pytest.fixture(scope="module")
def imported(ui_server: Server, page: Any, files: Files) -> list[str]:
    """平潭 2022 open with its 2021 report (imported by the first browser of the module); the
    English seen on screen while the import ran (Gradio's progress text would be)."""
    close_toasts(page)
    during: list[str] = []
    if AGENCY not in page.inner_text("#nb-status"):
        open_start(page)
        page.set_input_files("#nb-import-file input[type=file]", str(files.this_year))
        page.wait_for_selector(f"#nb-import-file :text('{files.this_year.name}')")
        page.click("#nb-import-btn")
        deadline = time.monotonic() + 30
        while AGENCY not in page.inner_text("#nb-status") and time.monotonic() < deadline:
            during += visible_english(page)
            time.sleep(0.05)
        page.wait_for_selector("#nb-start-notes :text('已导入')")
        tab(page, "表格")
        page.locator("#nb-tab-tables").get_by_text("上年报告（跨年度核对）").click()
        page.set_input_files("#nb-previous input[type=file]", str(files.last_year))
        page.wait_for_selector(f"#nb-previous :text('{files.last_year.name}')")
        page.get_by_role("button", name="载入上年报告").click()
        page.wait_for_selector("text=跨年度核对已启用")
    return during


def test_import_and_every_tab(ui_server: Server, page: Any, imported: list[str]) -> None:
    assert not imported, f"导入时屏幕上有英文 {imported}"
    assert_chinese(page, ui_server, "导入之后")

    tab(page, "表格")
    page.locator('input[data-cell="t3.new.total"]').focus()
    page.wait_for_selector("#nb-inspector :text('为什么是这个数')")
    assert_chinese(page, ui_server, "表格（单元格说明）")

    tab(page, "正文与起草")
    page.click("#nb-draft-btn")
    page.wait_for_selector("#nb-draft .nb-draft[data-state=done]", timeout=60_000)
    page.wait_for_selector("#nb-draft-sources :text('来源')")
    assert_chinese(page, ui_server, "正文与起草（起草稿及其来源）")
    page.click("#nb-draft-reject")

    tab(page, "整改台账")
    time.sleep(1.0)
    assert_chinese(page, ui_server, "整改台账")

    tab(page, "审核")
    page.locator("#nb-review-open li").first.click()
    page.wait_for_selector("#nb-review-detail :text('位置')")
    assert_chinese(page, ui_server, "审核（问题详情）")

    tab(page, "导出")
    page.wait_for_selector("#nb-gate p")
    assert_chinese(page, ui_server, "导出")

    tab(page, "历史版本")
    page.locator("#nb-versions input").click()
    page.wait_for_selector("ul[role=listbox] li")
    assert_chinese(page, ui_server, "历史版本（列表展开）")
    page.keyboard.press("Escape")


def test_the_chat_is_chinese(ui_server: Server, page: Any, imported: list[str]) -> None:
    close_toasts(page)
    value = page.locator('input[data-cell="t3.new.total"]').input_value()
    box = page.locator("#nb-chat-input textarea")
    box.fill(f"为什么依申请新收是{value}")
    page.click("#nb-chat-send")
    page.wait_for_selector("#nb-chat :text('当前为')")
    box.fill("第二十条第（五）项是什么")
    page.click("#nb-chat-send")
    page.wait_for_selector("#nb-chat :text('国务院令第711号')")
    page.locator("#nb-chat .message").last.hover()
    assert_chinese(page, ui_server, "助手对话")


def test_the_header_counts_only_open_warnings(ui_server: Server, page: Any,
                                              imported: list[str]) -> None:
    close_toasts(page)
    tab(page, "审核")
    page.wait_for_selector("#nb-review-open li")
    if page.locator("#nb-review-dismissed li").count() == 0:
        page.locator("#nb-review-open li.nb-item-warning").first.click()
        page.locator("#nb-dismiss-reason textarea").fill("原文如此，保留")
        page.click("#nb-dismiss")
        page.wait_for_selector("#nb-review-dismissed li")
    time.sleep(0.5)
    open_warnings = page.locator("#nb-review-open li.nb-item-warning").count()
    dismissed = page.locator("#nb-review-dismissed li").count()
    header = page.inner_text("#nb-status")
    counted = re.search(r"提示\s*(\d+)\s*条", header)
    assert counted is not None, header
    assert int(counted.group(1)) == open_warnings, f"页头：{header}；列表中待处理的提示 {open_warnings} 条"
    assert dismissed >= 1 and f"{dismissed} 条已忽略" in header, header
    assert_chinese(page, ui_server, "忽略提示之后")
