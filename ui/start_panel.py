"""新建或导入报告: blank, a published report, last year's report, or the ledgers.

Optional years are text boxes (an unset number box would show “0”); an uploaded file shows its
whole name (``ui/text.css``); a refusal names the file, not the upload's temporary path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.services import REPORT_SUFFIXES, NianbaoError, Started
from ui.shell import Shell, Updates, reporting

# The formats the picker offers (the parser reads a few rarer ones too: .dot, .mht …).
PICKER_SUFFIXES = tuple(s for s in (".pdf", ".doc", ".docx", ".wps", ".rtf", ".odt", ".html", ".htm", ".txt",
                                    ".md", ".json") if s in REPORT_SUFFIXES)
OPTIONAL_YEAR = "可不填，如 2024"


def default_year() -> int:
    """Reports are written in January for the year before."""
    return date.today().year - 1


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise NianbaoError("请填写报告年度（如 2024）") from None
    if not 2008 <= year <= 2100:
        raise NianbaoError(f"报告年度 {year} 不合理（应在 2008 年之后）")
    return year


def _optional_year(value: Any) -> int | None:
    if isinstance(value, str):
        value = value.strip().removesuffix("年").strip()
    return _year(value) if value not in (None, "", 0) else None


def _upload(value: Any, what: str) -> Path:
    if not value:
        raise NianbaoError(f"请先上传{what}")
    return Path(value)


def _plain_names(exc: NianbaoError, *paths: Path | None) -> NianbaoError:
    """The refusal with each upload named by its file name (not its temporary folder)."""
    message = str(exc)
    for path in paths:
        if path is not None:
            message = message.replace(str(path), path.name)
    return NianbaoError(message) if message != str(exc) else exc


class StartPanel:
    def __init__(self, *, open_: bool) -> None:
        with gr.Accordion("新建或导入报告", open=open_, elem_id="nb-start") as self.accordion, gr.Tabs():
            with gr.Tab("导入已有报告", id="import"):
                self.imp_file = gr.File(label="报告文件（.pdf/.doc/.docx/.wps/.html/.txt 等）",
                                        file_types=list(PICKER_SUFFIXES), elem_id="nb-import-file")
                with gr.Row():
                    self.imp_agency = gr.Textbox(label="机关名称（可选，文件中读不出时填写）",
                                                 elem_id="nb-import-agency")
                    self.imp_year = gr.Textbox(label="年度（可选）", placeholder=OPTIONAL_YEAR,
                                               elem_id="nb-import-year")
                self.imp_replace = gr.Checkbox(label="已有同机关同年度报告时覆盖（原报告保存为历史版本）")
                self.imp_btn = gr.Button("导入", variant="primary", elem_id="nb-import-btn")
            with gr.Tab("从上年报告开始", id="previous"):
                self.prev_file = gr.File(label="上年报告（任意格式）", elem_id="nb-prev-file")
                self.prev_year = gr.Textbox(label="本年度（默认为上年报告年度加一）",
                                            placeholder=OPTIONAL_YEAR, elem_id="nb-prev-year")
                self.prev_btn = gr.Button("开始", variant="primary", elem_id="nb-prev-btn")
            with gr.Tab("从台账生成", id="ledger"):
                self.led_apps = gr.File(label="依申请公开登记台账（.xlsx/.csv）",
                                        file_types=[".xlsx", ".csv"], elem_id="nb-led-apps")
                with gr.Row():
                    self.led_cases = gr.File(label="复议诉讼台账（可选）",
                                             file_types=[".xlsx", ".csv"], elem_id="nb-led-cases")
                    self.led_t2 = gr.File(label="表二台账（可选）", file_types=[".xlsx", ".csv"],
                                          elem_id="nb-led-t2")
                    self.led_prev = gr.File(label="上年报告（可选，用于核对结转）",
                                            elem_id="nb-led-prev")
                with gr.Row():
                    self.led_agency = gr.Textbox(label="机关名称", elem_id="nb-led-agency")
                    self.led_year = gr.Number(label="年度", value=default_year(), precision=0)
                self.led_btn = gr.Button("统计并新建", variant="primary", elem_id="nb-led-btn")
            with gr.Tab("空白报告", id="blank"):
                with gr.Row():
                    self.blank_agency = gr.Textbox(label="机关名称", elem_id="nb-blank-agency")
                    self.blank_year = gr.Number(label="年度", value=default_year(),
                                                precision=0, elem_id="nb-blank-year")
                self.blank_btn = gr.Button("新建", variant="primary", elem_id="nb-blank-btn")
        self.notes = gr.Markdown(elem_id="nb-start-notes")

    def uploads(self) -> list[gr.File]:
        return [self.imp_file, self.prev_file, self.led_apps, self.led_cases, self.led_t2,
                self.led_prev]

    def wire(self, shell: Shell) -> None:
        lib = shell.library

        def opened(started: Started) -> Updates:
            updates = shell.refresh(started.key)
            updates[self.notes] = "\n".join(f"- {n}" for n in started.notes) or "已新建。"
            updates[self.accordion] = gr.Accordion(open=False)
            for upload in self.uploads():
                updates[upload] = None
            return updates

        outputs = [*shell.outputs(), self.notes, self.accordion, *self.uploads()]

        @reporting
        def blank(agency: str, year: Any) -> Updates:
            return opened(lib.start_blank(agency, _year(year)))

        @reporting
        def imported(upload: Any, agency: str, year: Any, replace: bool) -> Updates:
            path = _upload(upload, "报告文件")
            try:
                return opened(lib.import_report(path, agency=agency, year=_optional_year(year),
                                                replace=replace))
            except NianbaoError as exc:
                raise _plain_names(exc, path) from None

        @reporting
        def from_previous(upload: Any, year: Any) -> Updates:
            path = _upload(upload, "上年报告")
            try:
                return opened(lib.start_from_previous(path, year=_optional_year(year)))
            except NianbaoError as exc:
                raise _plain_names(exc, path) from None
            except ValueError as exc:  # last year's report names no year
                raise NianbaoError(str(exc)) from None

        @reporting
        def from_ledger(apps: Any, cases: Any, t2: Any, prev: Any, agency: str,
                        year: Any) -> Updates:
            paths = [Path(p) if p else None for p in (cases, t2, prev)]
            applications = _upload(apps, "依申请公开登记台账")
            try:
                return opened(lib.start_from_ledger(
                    applications, agency=agency, year=_year(year),
                    cases=paths[0], table2=paths[1], previous=paths[2]))
            except NianbaoError as exc:
                raise _plain_names(exc, applications, *paths) from None

        self.blank_btn.click(blank, [self.blank_agency, self.blank_year], outputs)
        self.imp_btn.click(imported, [self.imp_file, self.imp_agency, self.imp_year,
                                      self.imp_replace], outputs)
        self.prev_btn.click(from_previous, [self.prev_file, self.prev_year], outputs)
        self.led_btn.click(from_ledger, [self.led_apps, self.led_cases, self.led_t2,
                                         self.led_prev, self.led_agency, self.led_year], outputs)
