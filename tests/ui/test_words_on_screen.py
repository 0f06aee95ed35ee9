"""What the UI writes is Chinese, names things instead of coding them, and shows no server path
(no browser: ``assistant.names``, ``ui.views``, ``ui.proposals``, ``ui.locale``)."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from assistant.chat import Answer, Source
from assistant.checks.rules import RULES
from assistant.names import (
    EXTRA_RULE_NAMES,
    file_label,
    model_label,
    plain_message,
    rule_name,
    without_paths,
)
from assistant.services import Library
from assistant.workspace.records import Version
from tests.ui.conftest import ALLOWED_LATIN
from ui.history_tab import version_choices
from ui.locale import CSS, FORCED_LOCALE, ChineseIndex, head_script, inject
from ui.proposals import answer_markdown, sources_markdown
from ui.table_views import cell_inspector
from ui.views import finding_detail, review_html, review_list, status_line

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
LATIN = re.compile(r"[A-Za-z]{2,}")
DETAILS = re.compile(r"<details.*?</details>", re.S)
TAG = re.compile(r"<[^>]+>")


def english(text: str) -> list[str]:
    """Latin words of ``text`` (tags left out) that are not a format's name."""
    return [w for w in LATIN.findall(TAG.sub(" ", text)) if w.lower() not in ALLOWED_LATIN]


def shown(text: str) -> str:
    """What is on screen of a view: a collapsed 详细信息 is not."""
    return DETAILS.sub("", text)


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "expected"), [
    ("无法读取文件 /tmp/gradio/4f2a9c/平潭2022.txt：[Errno 2] No such file or directory",
     "无法读取文件 平潭2022.txt：文件不存在"),
    ("报告（/tmp/gradio/4f2a9c/精河.docx）缺少第五部分", "报告（精河.docx）缺少第五部分"),
    ("data/reports/精河/2021/report.json：报告文件已损坏", "report.json：报告文件已损坏"),
    ("C:\\Users\\me\\年报.docx 不存在", "年报.docx 不存在"),
    ("文件操作失败：Permission denied", "文件操作失败：没有访问权限"),
    ("台账.xlsx：无法作为 .xlsx 打开（File is not a zip file）", "台账.xlsx：无法作为 .xlsx 打开"),
    ("文件 年报.json 不是有效的年度报告 JSON：1 validation error for Report",
     "文件 年报.json 不是有效的年度报告 JSON"),
    ("一/五/六部分，1/2 的申请（.xlsx/.csv）", "一/五/六部分，1/2 的申请（.xlsx/.csv）"),
])
def test_plain_message_names_files_and_speaks_chinese(message: str, expected: str) -> None:
    assert plain_message(message) == expected


def test_paths_become_file_names() -> None:
    assert file_label("/tmp/gradio/abc/平潭.txt") == "平潭.txt"
    assert without_paths("数值来自：/work/main/data/reports/平潭/2022/report.json。") == (
        "数值来自：report.json。")
    assert without_paths("见 http://127.0.0.1:7860/ 页面") == "见 http://127.0.0.1:7860/ 页面"


def test_every_rule_has_a_chinese_name() -> None:
    for code in [*RULES, *EXTRA_RULE_NAMES, "draft.something_new", "t3.unfilled", "zzz.what"]:
        name = rule_name(code)
        assert name and not english(name), (code, name)


def test_the_template_model_is_named_in_chinese() -> None:
    assert model_label("template") == "模板"
    assert model_label("template+deepseek:deepseek-chat") == "模板+deepseek:deepseek-chat"
    assert model_label("vllm:qwen") == "vllm:qwen"


# --- views -------------------------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> tuple[Library, str]:
    upload = tmp_path / "gradio" / "4f2a9c"
    upload.mkdir(parents=True)
    this_year = upload / "平潭2022.txt"
    shutil.copyfile(SAMPLES / "pingtan-zone-2022.txt", this_year)
    library = Library(tmp_path / "data" / "reports")
    key = library.import_report(this_year).key
    library.set_previous(key, SAMPLES / "pingtan-zone-2021.txt")
    return library, key


def test_the_header_does_not_count_dismissed_warnings(library: tuple[Library, str]) -> None:
    lib, key = library
    current = lib.get(key)
    items = review_list(current)
    warnings = [i for i in items if not i.finding.is_error]
    assert len(warnings) >= 2
    before = status_line(current)
    assert f"提示 {len(warnings)} 条" in before and "已忽略" not in before
    current.dismiss(warnings[0].key, "原文如此")
    after = status_line(current)
    assert f"提示 {len(warnings) - 1} 条" in after and "另有 1 条已忽略" in after


def test_review_and_inspector_name_rules_and_cells(library: tuple[Library, str]) -> None:
    lib, key = library
    current = lib.get(key)
    items = review_list(current)
    html = review_html(items, current.report)
    assert not english(shown(html)), shown(html)
    assert all(f'data-code="{i.finding.code}"' in html for i in items)  # for the page's own use
    for item in items:
        detail = finding_detail(item, current.report)
        assert not english(shown(detail)), detail
        assert "详细信息" in detail and item.finding.code in detail  # under 详细信息 only
    cell = cell_inspector(current, "t3.new.total")
    assert "t3.new.total" not in shown(cell) and "t3.new.total" in cell
    assert "/" not in shown(cell).replace("“/”", ""), cell  # the upload folder is not named
    assert "gradio" not in cell and "4f2a9c" not in cell


def test_history_names_versions_without_codes() -> None:
    at = datetime(2026, 1, 5, 9, 30)
    versions = [Version(id="20260105T093000", at=at, note="接受模板生成文本（problems）"),
                Version(id="20260105T093100", at=at, note="导入 /tmp/gradio/ab12/平潭2022.txt")]
    labels = [label for label, _ in version_choices(versions)]
    assert not english(" ".join(labels)), labels
    assert "/tmp" not in labels[1] and "平潭2022.txt" in labels[1]


def test_sources_are_named_and_ids_kept_under_details() -> None:
    sources = [
        Source("fact", "因政府信息公开工作被提起行政诉讼合计", "d.suits",
               "[d.suits] 因政府信息公开工作被提起行政诉讼合计：0件"),
        Source("passage", "《中华人民共和国政府信息公开条例》第五十条", "tiaoli-2019.a50", "第五十条 ……"),
        Source("cell", "表三“一、本年新收政府信息公开申请数量”行“总计”列", "t3.new.total", "26"),
        Source("finding", "struct.fee_missing", "other", "没有报告信息处理费"),
        Source("origin", "单元格来源记录", "t3.new.total"),
    ]
    markdown = sources_markdown(sources)
    assert not english(shown(markdown)), markdown
    assert "因政府信息公开工作被提起行政诉讼合计：0件" in markdown
    assert "信息处理费" in markdown  # the rule by its name
    for ref in ("d.suits", "tiaoli-2019.a50", "t3.new.total", "struct.fee_missing"):
        assert ref in markdown and ref not in shown(markdown)


def test_an_answer_shows_no_path_no_address_and_no_template() -> None:
    answer = Answer("**表三“一、本年新收政府信息公开申请数量”行“总计”列**（`t3.new.total`）当前为 **26**。\n\n"
                    "这份报告不是由台账生成的，数值来自：/tmp/gradio/4f2a9c/平潭2022.txt。\n\n"
                    "已起草五、存在的主要问题及改进情况（模板生成文本，template）。",
                    (Source("cell", "表三“一、本年新收政府信息公开申请数量”行“总计”列", "t3.new.total", "26"),))
    markdown = answer_markdown(answer)
    screen = shown(markdown)
    assert "t3.new.total" not in screen and "t3.new.total" in markdown
    assert "/tmp" not in markdown and "平潭2022.txt" in markdown
    assert "template" not in markdown and "（模板生成文本，模板）" in markdown


# --- the forced locale -----------------------------------------------------------------------

INDEX = (b'<!doctype html><html lang="en" style="x"><head><meta charset="utf-8" />'
         b'<script>window.gradio_config = {};</script>'
         b'<script type="module" crossorigin src="./assets/index.js"></script></head>'
         b"<body><gradio-app></gradio-app></body></html>")


def test_the_script_comes_before_the_bundle() -> None:
    page = inject(INDEX)
    assert b'<html lang="zh-CN" style="x">' in page
    script = page.index(b"data-nianbao-locale")
    assert page.index(b"window.gradio_config") < script < page.index(b'type="module"')
    assert inject(page) == page  # once
    body = head_script()
    assert "Navigator.prototype" in body and f'"{FORCED_LOCALE}"' in body
    assert "操作未完成" in body  # a refusal's toast header
    assert ".progress-text" in CSS


def test_the_middleware_changes_html_pages_only() -> None:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    app = Starlette(routes=[
        Route("/", lambda request: HTMLResponse(INDEX.decode())),
        Route("/config", lambda request: JSONResponse({"lang": "en"})),
        Route("/file", lambda request: PlainTextResponse('<html lang="en"><head></head>')),
    ], middleware=[Middleware(ChineseIndex)])
    client = TestClient(app)
    page = client.get("/")
    assert page.status_code == 200 and "data-nianbao-locale" in page.text
    assert int(page.headers["content-length"]) == len(page.content)
    assert client.get("/config").json() == {"lang": "en"}
    assert "data-nianbao-locale" not in client.get("/file").text
    assert client.head("/").status_code in (200, 405)
