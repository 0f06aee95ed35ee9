"""The shared mode's sign-off in the workspace: who is logged in, the report's status in the
header, the 审签与意见 tab (送审, 退回修改 with a reason, 审核通过 with the 保密审查 of 条例第十七条,
发布, 开始修订; a save conflict to settle; the submission to a collection round; the comments
and their answers; the report's audit log), and the comments beside the text and the tables.

Every action goes through ``SharedLibrary`` for the person of the request; a refusal is the
shell's toast (``reporting``). After an action the whole workspace is refreshed, so a report
that has become locked shows its text and tables read-only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import gradio as gr

from assistant.services import (
    SECRECY_BASIS,
    Actor,
    CommentView,
    NianbaoError,
    Report,
    ReportStatus,
    Role,
    SectionKey,
    SharedLibrary,
    SignoffState,
    TargetKind,
    at_cell,
    at_sentence,
    cell_spec,
    cell_specs,
    section_name,
    shown_time,
    whole_report,
)
from ui.shell import Shell, Updates, reporting
from ui.views import section_choices

STATUS_CSS = {ReportStatus.DRAFT: "draft", ReportStatus.SUBMITTED: "submitted", ReportStatus.RETURNED: "returned",
              ReportStatus.APPROVED: "approved", ReportStatus.PUBLISHED: "published"}
TARGETS = [("全文", TargetKind.REPORT.value), ("单元格", TargetKind.CELL.value), ("句子", TargetKind.SENTENCE.value)]
SECRECY_LABEL = (f"已依照{SECRECY_BASIS}完成保密审查：本报告公开前已依照保密法律法规和国家有关规定进行审查，"
                 "不含国家秘密和不应公开的内容")
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
SHOWN_LOG = 60


def who_html(actor: Actor) -> str:
    where = f" · {escape(actor.agency)}" if actor.agency else ""
    return (f'<div class="nb-who" id="nb-who-box">{escape(actor.who)}（{actor.role.label}{where}）'
            ' · <a href="logout" id="nb-logout">退出登录</a></div>')


def status_banner(state: SignoffState | None) -> str:
    if state is None:
        return ""
    badge = (f'<span class="nb-signoff nb-signoff-{STATUS_CSS[state.status]}" data-status="{state.status.value}">'
             f"{state.status.label}</span>")
    edition = f"（第 {state.edition} 次修订）" if state.edition > 1 else ""
    parts = [f"审签状态：{badge}{edition} · 第 {state.version} 版 · 最后修改：{escape(state.changed)}"]
    if state.conflict:
        parts.append('<span class="nb-conflict">⚠ 保存冲突：您的修改尚未存入共享库，请到“审签与意见”处理</span>')
    elif state.locked and state.status is not ReportStatus.DRAFT and state.status is not ReportStatus.RETURNED:
        parts.append('<span class="nb-locked">已锁定，不能修改</span>')
    return f'<div class="nb-signoff-bar" id="nb-signoff-bar">{" · ".join(parts)}</div>'


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a section's text, as [start, end) spans (blank ones left out)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def sentence_choices(report: Report | None, section: str | None) -> list[tuple[str, str]]:
    if report is None or not section:
        return []
    text = report.text(SectionKey(section))
    found = []
    for start, end in sentences(text):
        shown = text[start:end].strip()
        found.append((shown if len(shown) <= 60 else shown[:60] + "…", f"{start}:{end}"))
    return found


def cell_choices(report: Report | None) -> list[tuple[str, str]]:
    if report is None:
        return []
    return [(spec.label, spec.address) for spec in cell_specs(report.version)]


def target_text(comment: CommentView, report: Report | None) -> str:
    target = comment.target
    if target.kind is TargetKind.CELL and target.cell:
        try:
            return cell_spec(report.version, target.cell).label if report is not None else target.cell
        except KeyError:
            return "表格"
    if target.kind is TargetKind.SENTENCE and target.section is not None:
        quote = comment.quote if len(comment.quote) <= 60 else comment.quote[:60] + "…"
        return f"{section_name(target.section)}：“{quote}”"
    return "全文"


def _comment_html(comment: CommentView, report: Report | None) -> str:
    state = ("未解决" if comment.open
             else f"已解决（{escape(comment.resolved_by or '')}，{shown_time(comment.resolved_at)}）"
             if comment.resolved_at else "已解决")
    answers = "".join(
        f'<li class="nb-answer"><b>{escape(a.author)}</b> 答复（{shown_time(a.created_at)}）：{escape(a.body)}</li>'
        for a in comment.answers)
    css = "nb-comment" + ("" if comment.open else " nb-comment-resolved")
    return (f'<li class="{css}" data-comment="{comment.id}" data-target="{comment.target.kind.value}"'
            f'{f" data-cell={chr(34)}{escape(comment.target.cell)}{chr(34)}" if comment.target.cell else ""}>'
            f'<div class="nb-comment-where">第 {comment.id} 条 · {escape(target_text(comment, report))} · {state}</div>'
            f'<div class="nb-comment-body"><b>{escape(comment.author)}</b>（{shown_time(comment.created_at)}）：'
            f"{escape(comment.body)}</div>"
            + (f'<ul class="nb-answers">{answers}</ul>' if answers else "") + "</li>")


def comments_html(found: Sequence[CommentView], report: Report | None, *, empty: str = "还没有意见。") -> str:
    if not found:
        return f'<p class="nb-empty">{empty}</p>'
    open_count = sum(c.open for c in found)
    items = "".join(_comment_html(c, report) for c in found)
    return (f'<p class="nb-summary">共 {len(found)} 条意见，未解决 {open_count} 条。</p>'
            f'<ol class="nb-comments">{items}</ol>')


def reply_choices(found: Sequence[CommentView], report: Report | None) -> list[tuple[str, str]]:
    return [(f"第 {c.id} 条（{target_text(c, report)}）：{c.body[:30]}{'…' if len(c.body) > 30 else ''}",
             str(c.id)) for c in found if c.open]


def state_text(state: SignoffState) -> str:
    lines = [f"**{state.label}**：{state.status.label}（第 {state.version} 版，{state.changed}）"]
    if state.conflict:
        lines.append(f"**⚠ 保存冲突**\n\n{state.conflict}")
    elif state.locked:
        lines.append(f"您现在不能修改本报告：{state.locked}")
    else:
        lines.append("您可以修改本报告；改好后点击“送审”，由本机关审核人审核。")
    lines.append(("**✓ 可以导出发布**：" if state.verdict.ok else "**✗ 暂不能导出发布**：") + state.verdict.reason)
    return "\n\n".join(lines)


class SignoffPanel:
    """``attach`` it to the shell before the tabs are built, build its parts where the app places
    them (``who``, ``banner``, ``tab``, ``beside_text``, ``beside_tables``), ``register`` it, then
    ``wire`` it."""

    def __init__(self, library: SharedLibrary) -> None:
        self.lib = library
        # The section the 正文与起草 tab shows for report ``key`` (set by the app).
        self.section_of: Callable[[str], str | None] = lambda key: None

    # --- parts ----------------------------------------------------------------------------------

    def who(self) -> None:
        self.who_box = gr.HTML("", elem_id="nb-who", apply_default_css=False)

    def banner(self) -> None:
        self.bar = gr.HTML("", elem_id="nb-signoff-status", apply_default_css=False)

    def tab(self) -> None:
        self.state = gr.Markdown(elem_id="nb-signoff-state")
        self.note = gr.Markdown(elem_id="nb-signoff-note")
        with gr.Column(visible=False, elem_id="nb-conflict-box") as self.conflict_box, gr.Row():
            self.keep_btn = gr.Button("以我的修改为准保存", variant="primary", elem_id="nb-keep-mine")
            self.theirs_btn = gr.Button("放弃我的修改，载入最新版本（我的修改留在历史版本中）",
                                        elem_id="nb-take-theirs")
        with gr.Column(visible=False, elem_id="nb-writer-actions") as self.writer_box:
            self.send_note = gr.Textbox(label="送审说明（可选）", elem_id="nb-send-note")
            with gr.Row():
                self.send_btn = gr.Button("送审", variant="primary", elem_id="nb-send")
                self.withdraw_btn = gr.Button("撤回送审", elem_id="nb-withdraw")
                self.revise_btn = gr.Button("开始修订", elem_id="nb-revise")
        with gr.Column(visible=False, elem_id="nb-approver-actions") as self.approver_box:
            self.reason = gr.Textbox(label="退回理由（将作为对全文的意见保存）", elem_id="nb-return-reason")
            self.return_btn = gr.Button("退回修改", elem_id="nb-return")
            self.secrecy = gr.Checkbox(label=SECRECY_LABEL, value=False, elem_id="nb-secrecy")
            self.secrecy_by = gr.Textbox(label="保密审查人（不填即为本人）", elem_id="nb-secrecy-by")
            self.approve_btn = gr.Button("审核通过", variant="primary", elem_id="nb-approve")
        self.publish_btn = gr.Button("发布", visible=False, variant="primary", elem_id="nb-publish")
        with gr.Accordion("报送汇总", open=True, visible=False, elem_id="nb-submit-box") as self.submit_box:
            self.round_pick = gr.Dropdown(label="汇总（本级政府、年度）", choices=[], elem_id="nb-submit-round")
            self.submit_btn = gr.Button("报送到汇总", elem_id="nb-submit")
        gr.Markdown("#### 意见")
        self.comments = gr.HTML("", elem_id="nb-comments", apply_default_css=False)
        with gr.Accordion("提出意见", open=True, elem_id="nb-comment-new"):
            self.target = gr.Radio(TARGETS, value=TargetKind.REPORT.value, label="意见针对",
                                   elem_id="nb-comment-target")
            self.cell = gr.Dropdown(label="单元格", choices=[], visible=False, filterable=True,
                                    elem_id="nb-comment-cell")
            with gr.Row(visible=False) as self.sentence_row:
                self.section = gr.Dropdown(section_choices(), label="部分", value=None,
                                           elem_id="nb-comment-section")
                self.sentence = gr.Dropdown(label="句子", choices=[], elem_id="nb-comment-sentence")
            self.body = gr.Textbox(label="意见内容", lines=2, elem_id="nb-comment-body")
            self.add_btn = gr.Button("提交意见", elem_id="nb-comment-add")
        with gr.Accordion("答复意见", open=True, elem_id="nb-reply-box"):
            self.reply_to = gr.Dropdown(label="答复哪条意见（未解决的）", choices=[], elem_id="nb-reply-to")
            self.reply_body = gr.Textbox(label="答复内容", lines=2, elem_id="nb-reply-body")
            with gr.Row():
                self.reply_btn = gr.Button("答复", elem_id="nb-reply")
                self.resolve_btn = gr.Button("标为已解决", elem_id="nb-resolve")
        with gr.Accordion("操作记录（审计日志）", open=False, elem_id="nb-report-log-box"):
            self.log = gr.Markdown(elem_id="nb-report-log")

    def beside_text(self) -> None:
        self.text_comments = gr.HTML("", elem_id="nb-text-comments", apply_default_css=False)

    def beside_tables(self) -> None:
        self.table_comments = gr.HTML("", elem_id="nb-table-comments", apply_default_css=False)

    # --- rendering ------------------------------------------------------------------------------

    def attach(self, shell: Shell) -> None:
        """Before the tabs register their renderers: bring the person's copy up to the stored
        version (a full refresh re-renders every view from it)."""
        self.shell = shell

        def sync(key: str) -> Updates:
            self.lib.sync(key)
            return {}

        shell.on_refresh([], sync)

    def register(self) -> None:
        """Once its parts are built, before anything is wired (the shell's outputs are read then)."""
        self.shell.on_refresh(self.outputs(), self.render)

    def outputs(self) -> list[Any]:
        return [self.bar, self.state, self.conflict_box, self.writer_box, self.send_btn, self.withdraw_btn,
                self.revise_btn, self.approver_box, self.publish_btn, self.submit_box, self.round_pick,
                self.comments, self.cell, self.reply_to, self.log, self.text_comments, self.table_comments,
                self.secrecy]

    def render(self, key: str) -> Updates:
        if not key:
            hidden = gr.Column(visible=False)
            return {self.bar: "", self.state: "尚未打开报告。", self.conflict_box: hidden, self.writer_box: hidden,
                    self.approver_box: hidden, self.publish_btn: gr.Button(visible=False),
                    self.submit_box: gr.Accordion(visible=False), self.round_pick: gr.Dropdown(choices=[]),
                    self.comments: "", self.cell: gr.Dropdown(choices=[], value=None),
                    self.reply_to: gr.Dropdown(choices=[], value=None), self.log: "", self.text_comments: "",
                    self.table_comments: "", self.send_btn: gr.skip(), self.withdraw_btn: gr.skip(),
                    self.revise_btn: gr.skip(), self.secrecy: False}
        state = self.lib.state(key)
        report = self.lib.get(key).report
        found = self.lib.comments(key)
        status = state.status
        member = state.can_write or state.can_approve
        rounds = self.lib.unit_rounds() if member and status in (ReportStatus.APPROVED,
                                                                  ReportStatus.PUBLISHED) else []
        return {
            self.bar: status_banner(state),
            self.state: state_text(state),
            self.conflict_box: gr.Column(visible=bool(state.conflict)),
            self.writer_box: gr.Column(visible=state.can_write),
            self.send_btn: gr.Button(visible=status in (ReportStatus.DRAFT, ReportStatus.RETURNED)),
            self.withdraw_btn: gr.Button(visible=status is ReportStatus.SUBMITTED),
            self.revise_btn: gr.Button(visible=status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED)),
            self.approver_box: gr.Column(visible=state.can_approve and status is ReportStatus.SUBMITTED),
            self.publish_btn: gr.Button(visible=member and status is ReportStatus.APPROVED),
            self.submit_box: gr.Accordion(visible=bool(rounds)),
            self.round_pick: gr.Dropdown(choices=[(r.label, str(r.id)) for r in rounds],
                                         value=str(rounds[0].id) if rounds else None),
            self.comments: comments_html(found, report),
            self.cell: gr.Dropdown(choices=cell_choices(report)),
            self.reply_to: gr.Dropdown(choices=reply_choices(found, report), value=None),
            self.log: self.log_text(key),
            self.text_comments: self.text_side(found, report, self.section_of(key)),
            self.table_comments: self.table_side(found, report),
            self.secrecy: False,
        }

    def log_text(self, key: str) -> str:
        entries = self.lib.log(key)[-SHOWN_LOG:]
        return "\n".join(f"- {e.summary}" for e in reversed(entries)) or "暂无记录。"

    @staticmethod
    def text_side(found: Sequence[CommentView], report: Report, section: str | None) -> str:
        """Beside the text: the comments on this section's sentences and on the whole report."""
        shown = [c for c in found if c.target.kind is TargetKind.REPORT
                 or (c.target.kind is TargetKind.SENTENCE and (section is None or (c.target.section is not None
                                                               and c.target.section.value == section)))]
        if not shown:
            return ""
        return ('<div class="nb-side-comments"><p class="nb-side-head">审核意见（在“审签与意见”页答复）</p>'
                f"{comments_html(shown, report)}</div>")

    @staticmethod
    def table_side(found: Sequence[CommentView], report: Report) -> str:
        shown = [c for c in found if c.target.kind is TargetKind.CELL]
        if not shown:
            return ""
        return ('<div class="nb-side-comments"><p class="nb-side-head">对表格的审核意见（在“审签与意见”页答复）</p>'
                f"{comments_html(shown, report)}</div>")

    # --- events ---------------------------------------------------------------------------------

    def wire(self, text_section: gr.Radio, start_agency: gr.Textbox | None = None) -> None:
        shell, lib = self.shell, self.lib
        outputs = [*shell.outputs(), self.note]

        def done(key: str, message: str) -> Updates:
            return {**shell.refresh(key), self.note: message}

        @reporting
        def send(key: str, note: str) -> Updates:
            lib.send_for_approval(key, note.strip())
            return {**done(key, "已送审：等待本机关审核人审核。审核期间报告已锁定。"), self.send_note: ""}

        @reporting
        def withdraw(key: str) -> Updates:
            lib.withdraw(key)
            return done(key, "已撤回送审，可以继续修改。")

        @reporting
        def revise(key: str) -> Updates:
            edition = lib.start_revision(key)
            return done(key, f"已开始修订（第 {edition} 次修订）：修改后须重新送审、审核通过。")

        @reporting
        def return_(key: str, reason: str) -> Updates:
            lib.return_for_changes(key, reason)
            return {**done(key, "已退回修改，理由已作为对全文的意见保存。"), self.reason: ""}

        @reporting
        def approve(key: str, reviewed: bool, reviewer: str) -> Updates:
            info = lib.approve(key, secrecy_reviewed=reviewed, secrecy_reviewer=reviewer.strip())
            return {**done(key, f"已审核通过（第 {info.version} 版；保密审查：{info.secrecy_reviewer}）。"),
                    self.secrecy_by: ""}

        @reporting
        def publish(key: str) -> Updates:
            lib.publish(key)
            return done(key, "已发布：报告已锁定；如需更正，请“开始修订”，修订版须重新审核通过。")

        @reporting
        def keep(key: str) -> Updates:
            return done(key, lib.keep_mine(key))

        @reporting
        def theirs(key: str) -> Updates:
            return done(key, lib.take_theirs(key))

        @reporting
        def submit(key: str, round_id: str | None) -> Updates:
            if not round_id:
                raise NianbaoError("请先选择要报送的汇总")
            info = lib.submit(key, int(round_id))
            return done(key, f"已报送到汇总：{info.unit}，状态“{info.state.value}”，错误 {info.errors} 个、"
                             f"提示 {info.warnings} 条。")

        self.send_btn.click(send, [shell.key, self.send_note], [*outputs, self.send_note])
        self.withdraw_btn.click(withdraw, [shell.key], outputs)
        self.revise_btn.click(revise, [shell.key], outputs)
        self.return_btn.click(return_, [shell.key, self.reason], [*outputs, self.reason])
        self.approve_btn.click(approve, [shell.key, self.secrecy, self.secrecy_by], [*outputs, self.secrecy_by])
        self.publish_btn.click(publish, [shell.key], outputs)
        self.keep_btn.click(keep, [shell.key], outputs)
        self.theirs_btn.click(theirs, [shell.key], outputs)
        self.submit_btn.click(submit, [shell.key, self.round_pick], outputs)

        def target_shown(kind: str) -> Updates:
            return {self.cell: gr.Dropdown(visible=kind == TargetKind.CELL.value),
                    self.sentence_row: gr.Row(visible=kind == TargetKind.SENTENCE.value)}

        self.target.change(target_shown, [self.target], [self.cell, self.sentence_row], show_progress="hidden")

        @reporting
        def pick_section(key: str, section: str | None) -> Any:
            report = lib.get(key).report if key else None
            return gr.Dropdown(choices=sentence_choices(report, section), value=None)

        self.section.change(pick_section, [shell.key, self.section], [self.sentence], show_progress="hidden")

        @reporting
        def add(key: str, kind: str, cell: str | None, section: str | None, sentence: str | None,
                body: str) -> Updates:
            if kind == TargetKind.CELL.value:
                if not cell:
                    raise NianbaoError("请先选择意见针对的单元格")
                target = at_cell(cell)
            elif kind == TargetKind.SENTENCE.value:
                if not section or not sentence:
                    raise NianbaoError("请先选择意见针对的部分和句子")
                start, _, end = sentence.partition(":")
                target = at_sentence(SectionKey(section), int(start), int(end))
            else:
                target = whole_report()
            comment = lib.add_comment(key, target, body)
            return {**done(key, f"已提交意见（第 {comment.id} 条）。"), self.body: ""}

        self.add_btn.click(add, [shell.key, self.target, self.cell, self.section, self.sentence, self.body],
                           [*outputs, self.body])

        @reporting
        def reply(key: str, comment_id: str | None, body: str) -> Updates:
            if not comment_id:
                raise NianbaoError("请先选择要答复的意见")
            lib.answer_comment(int(comment_id), body)
            return {**done(key, f"已答复第 {comment_id} 条意见。"), self.reply_body: ""}

        @reporting
        def resolve(key: str, comment_id: str | None) -> Updates:
            if not comment_id:
                raise NianbaoError("请先选择要标为已解决的意见")
            lib.resolve_comment(int(comment_id))
            return done(key, f"第 {comment_id} 条意见已标为已解决。")

        self.reply_btn.click(reply, [shell.key, self.reply_to, self.reply_body], [*outputs, self.reply_body])
        self.resolve_btn.click(resolve, [shell.key, self.reply_to], outputs)

        @reporting
        def beside(key: str, section: str) -> str:
            if not key:
                return ""
            return self.text_side(lib.comments(key), lib.get(key).report, section)

        text_section.change(beside, [shell.key, text_section], [self.text_comments], show_progress="hidden")

    # --- who is logged in -----------------------------------------------------------------------

    def on_load(self, actor: Actor) -> Updates:
        return {self.who_box: who_html(actor)}


def can_start(actor: Actor) -> bool:
    return actor.is_admin or actor.role is Role.WRITER
