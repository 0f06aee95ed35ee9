"""The 整改台账 tab: the writer's account of the year for section 五, saved as it is entered.

Last year's problems (what became of each, what was done) and measures (carried out or not);
the candidate problems the tables suggest (adopt or dismiss); this year's problems, the writer's
own and those named by a superior's notice or an assessment (with its source); the measures, each
tied to the problem it answers, with owner, deadline and the measure of last year it continues.
For any problem, what other agencies' published 五 said they did (:mod:`assistant.account.ideas`);
the writer may start a measure from one. Every change goes into ``report.account`` at once and the
report is saved; drafting section 五 reads it.

The lists are drawn by ``gr.render``. A full refresh (another report, a restored version) draws
fresh widgets (``gen``); a change of the lists' shape (a row added or removed) redraws them with
the same keys, so a text box keeps what the browser shows. Empty rows are never saved: the last
row of each list is a blank one that becomes an item when something is typed into it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.services import (
    Candidate,
    Fate,
    Follow,
    Idea,
    Measure,
    NianbaoError,
    OpenReport,
    PreviousMeasure,
    PreviousProblem,
    Problem,
    ProblemOrigin,
    Report,
    SectionKey,
    YearAccount,
    adopt_candidate,
    adopt_idea,
    candidate_problems,
    continue_measure,
    dismiss_candidate,
    ideas_in_folder,
    pending_id,
    problem_name,
    remove_measure,
    remove_problem,
    restore_candidate,
    set_previous_measure,
    set_previous_problem,
    upsert_measure,
    upsert_problem,
)
from ui.shell import Shell, Updates, reporting
from ui.text_tab import DEFAULT_SECTION, TextTab
from ui.views import details

FATES = [f.value for f in Fate]
FOLLOWS = [f.value for f in Follow]
NONE = "none"  # the menus' value for “no problem” / “no measure of last year”
NO_TARGET = "（未指明）"
NO_CONTINUE = "（否）"
IDEAS_K = 5
FIVE = SectionKey.PROBLEMS.value
_TOKENS = itertools.count(1)

INTRO = ("按条填写本年度的整改台账：上年问题的整改情况、上年措施的落实情况、本年存在的问题和改进措施。"
         "输入即自动保存；起草第五部分时按此台账写，没有填写的内容不会编造。")
NO_PREVIOUS = ("**尚未载入上年报告。** 载入上年报告（或在“新建或导入报告”中选择“从上年报告开始”）后，"
               "这里会逐条列出上年报告第五部分提出的问题和措施，供填写整改和落实情况。")


def _token() -> str:
    return str(next(_TOKENS))


def _menu_value(value: str) -> str | None:
    return None if value in ("", NONE) else value


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def account_summary(account: YearAccount, open_candidates: int) -> str:
    """One line for the 正文与起草 tab: what the account holds, what is left to fill."""
    prev_done = sum(1 for p in account.previous_problems if p.status)
    meas_done = sum(1 for m in account.previous_measures if m.status)
    parts = []
    if account.previous_problems:
        parts.append(f"上年问题 {len(account.previous_problems)} 条（已填写整改情况 {prev_done} 条）")
    if account.previous_measures:
        parts.append(f"上年措施 {len(account.previous_measures)} 条（已填写 {meas_done} 条）")
    parts.append(f"本年问题 {len(account.problems)} 条")
    parts.append(f"改进措施 {len(account.measures)} 条")
    if open_candidates:
        parts.append(f"待处理的候选问题 {open_candidates} 条")
    return "**整改台账**：" + "，".join(parts) + "。起草第五部分时按整改台账写。"


# --- what one drawing of the panel needs -----------------------------------------------------


@dataclass
class _View:
    key: str
    gen: str
    current: OpenReport
    account: YearAccount
    previous: Report | None
    candidates: list[Candidate]
    ideas: dict[str, Any] = field(default_factory=dict)

    def k(self, *parts: str) -> str:
        """A widget key: the same item and field keep their widget while the report is not refreshed."""
        return ":".join(["acct", self.key, self.gen, *parts])

    @property
    def open_candidates(self) -> list[Candidate]:
        adopted = {p.candidate for p in self.account.problems}
        return [c for c in self.candidates if c.key not in self.account.dismissed and c.key not in adopted]

    def target_choices(self) -> list[tuple[str, str]]:
        choices = [(NO_TARGET, NONE)]
        choices += [(f"本年问题{i}：{problem_name(p.text) or '（未填写）'}", p.id)
                    for i, p in enumerate(self.account.problems, start=1)]
        choices += [(f"上年问题{i}：{problem_name(p.text)}", p.id)
                    for i, p in enumerate(self.account.previous_problems, start=1)]
        return choices

    def continue_choices(self) -> list[tuple[str, str]]:
        return [(NO_CONTINUE, NONE), *((f"上年措施{i}：{problem_name(m.text)}", m.id)
                                      for i, m in enumerate(self.account.previous_measures, start=1))]


def _view(current: OpenReport, key: str, gen: str, ideas: dict[str, Any]) -> _View:
    account = current.account()
    with_account = current.report.model_copy(update={"account": account})
    candidates = candidate_problems(with_account, current.previous)
    return _View(key=key, gen=gen, current=current, account=account, previous=current.previous,
                 candidates=candidates, ideas=ideas)


def _html(text: str, css: str = "") -> gr.HTML:
    return gr.HTML(text, elem_classes=[c for c in ("nb-acct-html", css) if c], apply_default_css=False)


def _idea_html(idea: Idea, used: bool) -> str:
    year = f"{idea.year}年" if idea.year else ""
    source = f"{escape(idea.agency)}{year}年度报告第五部分"
    if idea.url:
        source = f'<a href="{escape(idea.url)}" target="_blank" rel="noopener">{source}</a>'
    mark = '<span class="nb-acct-used">已采用</span>' if used else ""
    # The passage id is for whoever needs it, under 详细信息; the writer reads agency and year.
    return (f'<div class="nb-idea" data-passage="{escape(idea.passage)}">'
            f'<div class="nb-idea-src">{source}{mark}</div>'
            f'<div class="nb-idea-text">{escape(idea.text)}</div>'
            f'{details([("检索库段落编号", idea.passage)])}</div>')


class AccountSummary:
    """Beside section 五 in the 正文与起草 tab: what the account holds, and a way to it."""

    def __init__(self) -> None:
        self.summary = gr.Markdown(elem_id="nb-five-account-summary")
        self.open = gr.Button("打开整改台账", size="sm", elem_id="nb-open-account")


class AccountPanel:
    """The 整改台账 tab; ``link`` is its summary beside section 五 in the 正文与起草 tab."""

    def __init__(self, shell: Shell, data_dir: Path | None, text_tab: TextTab, link: AccountSummary) -> None:
        self.shell = shell
        self.data_dir = data_dir
        self.text_tab = text_tab
        self.link = link
        self.gen = gr.State("")  # a new value on every full refresh: fresh widgets
        self.tick = gr.State("")  # a new value when the lists change shape
        self.ideas = gr.State({})  # problem id -> {"ideas": [...], "note": "..."}, this browser tab only
        with gr.Row(elem_id="nb-account-head", equal_height=True):
            gr.Markdown(INTRO, elem_id="nb-account-intro")
            self.to_draft = gr.Button("去起草第五部分", variant="primary", scale=0, min_width=160,
                                      elem_id="nb-account-draft")
        self.saved = gr.Markdown(elem_id="nb-account-saved")
        with gr.Group(visible=False, elem_id="nb-account-noprev") as self.no_previous:
            gr.Markdown(NO_PREVIOUS)
            with gr.Row(equal_height=True):
                self.previous_file = gr.File(label="上年报告（任意格式）", elem_id="nb-account-prev-file", scale=3)
                self.previous_btn = gr.Button("载入上年报告", elem_id="nb-account-prev-btn", scale=1)
        self._draw()
        shell.on_refresh([self.gen, self.ideas, self.saved, self.no_previous], self.render)
        shell.on_refresh([text_tab.five, link.summary],
                         lambda key: self.render_five(key, text_tab.last_section.get(key, DEFAULT_SECTION)))

    def render(self, key: str) -> Updates:
        previous = self.shell.library.get(key).previous if key else None
        return {self.gen: f"{key}#{_token()}", self.ideas: {}, self.saved: "",
                self.no_previous: gr.Group(visible=bool(key) and previous is None)}

    def render_five(self, key: str, section: str) -> Updates:
        """The summary beside section 五 (hidden for the other sections)."""
        shown = bool(key) and section == FIVE
        return {self.text_tab.five: gr.Column(visible=shown), self.link.summary: self.summary(key) if shown else ""}

    # --- saving ---------------------------------------------------------------------------

    def _save(self, key: str, change: Callable[[YearAccount], YearAccount]) -> str:
        if not key:
            raise NianbaoError("尚未打开报告，输入的内容不会保存。")
        current = self.shell.library.get(key)
        current.update_account(change)
        saved = current.saved_at
        return f"已自动保存 {saved:%H:%M:%S}" if saved else ""

    # --- the lists ------------------------------------------------------------------------

    def _draw(self) -> None:
        shell = self.shell

        def draw(key: str, gen: str, _tick: str, ideas: dict[str, Any]) -> None:
            if not key or not gen.startswith(f"{key}#"):
                gr.Markdown("尚未打开报告：请在上方“新建或导入报告”中开始。", elem_classes=["nb-empty"])
                return
            view = _view(shell.library.get(key), key, gen, ideas or {})
            self._previous_problems(view)
            self._previous_measures(view)
            self._candidates(view)
            self._problems(view)
            self._measures(view)

        gr.render(inputs=[shell.key, self.gen, self.tick, self.ideas], triggers=[self.gen.change, self.tick.change],
                  show_progress="hidden")(draw)

    def _ideas_button(self, view: _View, problem_id: str, text: str) -> None:
        button = gr.Button("参考其他机关做法", size="sm", scale=0, min_width=150, key=view.k(problem_id, "ideas-btn"),
                           elem_classes=["nb-ideas-btn"])

        @reporting
        def look(key: str, ideas: dict[str, Any]) -> Updates:
            current = self.shell.library.get(key)
            agency = current.report.meta.agency or ""
            problem = current.account().problem(problem_id)
            wanted = problem.text if problem is not None else text
            if not wanted.strip():
                raise NianbaoError("请先填写问题内容")
            if self.data_dir is None:
                found = None
            else:
                try:
                    found = ideas_in_folder(self.data_dir, wanted, agency=agency, k=IDEAS_K)
                except NianbaoError:
                    raise
                except Exception as exc:  # a broken index must not break the panel
                    raise NianbaoError(f"检索往年报告失败：{exc}") from exc
            if found is None:
                note = "检索库中还没有往年报告：用“nianbao ingest 报告文件或文件夹”收录其他机关的年度报告后再试。"
            elif not found:
                note = "检索库中没有找到其他机关针对类似问题的做法。"
            else:
                note = ""
            entry = {"ideas": [i.model_dump() for i in found or []], "note": note}
            return {self.ideas: {**(ideas or {}), problem_id: entry}, self.tick: _token()}

        button.click(look, [self.shell.key, self.ideas], [self.ideas, self.tick], show_progress="minimal")

    def _ideas_list(self, view: _View, problem_id: str) -> None:
        """What other agencies did about this problem, once asked for; each may start a measure."""
        entry = view.ideas.get(problem_id)
        if not entry:
            return
        with gr.Column(elem_classes=["nb-ideas"]):
            if entry.get("note"):
                gr.Markdown(entry["note"], elem_classes=["nb-acct-note"])
            for n, raw in enumerate(entry.get("ideas", [])):
                idea = Idea.model_validate(raw)
                used = any(m.adopted == idea and m.problem == problem_id for m in view.account.measures)
                with gr.Row(equal_height=False):
                    _html(_idea_html(idea, used), "nb-idea-box")
                    if used:
                        continue
                    adopt_btn = gr.Button("以此为起点新增措施", size="sm", scale=0, min_width=150,
                                          key=view.k(problem_id, "idea", str(n)), elem_classes=["nb-idea-adopt"])

                    @reporting
                    def take(key: str, idea: Idea = idea) -> Updates:
                        saved = self._save(key, lambda a: adopt_idea(a, idea, problem_id))
                        return {self.saved: saved, self.tick: _token()}

                    adopt_btn.click(take, [self.shell.key], [self.saved, self.tick], show_progress="hidden")

    def _previous_problems(self, view: _View) -> None:
        gr.Markdown("### 一、上年问题整改情况", elem_classes=["nb-acct-h"])
        if view.previous is None:
            gr.Markdown("（载入上年报告后逐条列出上年报告提出的问题。）", elem_classes=["nb-acct-note"])
            return
        if not view.account.previous_problems:
            gr.Markdown("上年报告第五部分未能识别出问题。", elem_classes=["nb-acct-note"])
            return
        for i, item in enumerate(view.account.previous_problems, start=1):
            self._previous_problem(view, i, item)

    def _previous_problem(self, view: _View, i: int, item: PreviousProblem) -> None:
        shell = self.shell
        with gr.Group(elem_classes=["nb-acct-item", "nb-acct-prev"], elem_id=f"nb-prev-problem-{i}"):
            _html(f'<div class="nb-acct-text"><b>上年问题{i}</b> {escape(item.text)}</div>')
            with gr.Row(equal_height=False):
                fate = gr.Radio(FATES, value=item.status.value if item.status else None, label="整改情况",
                                interactive=True, key=view.k(item.id, "fate"), preserved_by_key=[],
                                elem_id=f"nb-fate-{i}", scale=2, min_width=300)
                actions = gr.Textbox("\n".join(item.actions), lines=2, max_lines=8, interactive=True,
                                     label="本年采取的整改举措及成效（每行一条，写明时间和数字）",
                                     key=view.k(item.id, "actions"), elem_id=f"nb-actions-{i}", scale=3)
            with gr.Row():
                self._ideas_button(view, item.id, item.text)
            self._ideas_list(view, item.id)

        @reporting
        def set_fate(key: str, value: str | None) -> Any:
            if not value:
                return gr.skip()
            before = self.shell.library.get(key).account().problem(item.id)
            was_open = getattr(before, "status", None) is Fate.OPEN
            saved = self._save(key, lambda a: set_previous_problem(a, item.id, status=Fate(value)))
            updates: Updates = {self.saved: saved}
            if was_open != (value == Fate.OPEN.value):  # the 仍未解决 candidate comes or goes
                updates[self.tick] = _token()
            return updates

        @reporting
        def set_actions(key: str, text: str) -> str:
            return self._save(key, lambda a: set_previous_problem(a, item.id, actions=_lines(text)))

        fate.change(set_fate, [shell.key, fate], [self.saved, self.tick], show_progress="hidden")
        actions.change(set_actions, [shell.key, actions], [self.saved], trigger_mode="always_last",
                       show_progress="hidden")

    def _previous_measures(self, view: _View) -> None:
        if view.previous is None or not view.account.previous_measures:
            return
        gr.Markdown("### 二、上年措施落实情况", elem_classes=["nb-acct-h"])
        shell = self.shell
        for i, item in enumerate(view.account.previous_measures, start=1):
            with gr.Group(elem_classes=["nb-acct-item", "nb-acct-prevm"], elem_id=f"nb-prev-measure-{i}"):
                _html(f'<div class="nb-acct-text"><b>上年措施{i}</b> {escape(item.text)}</div>')
                with gr.Row(equal_height=False):
                    follow = gr.Radio(FOLLOWS, value=item.status.value if item.status else None, label="落实情况",
                                      interactive=True, key=view.k(item.id, "follow"), preserved_by_key=[],
                                      elem_id=f"nb-follow-{i}", scale=2, min_width=300)
                    how = gr.Textbox(item.how, label="如何落实（做了什么、效果如何）", lines=2, max_lines=6,
                                     interactive=True, key=view.k(item.id, "how"), elem_id=f"nb-how-{i}", scale=3)
                continued = any(m.continues == item.id for m in view.account.measures)
                keep = gr.Button("已列为明年措施" if continued else "明年继续实施（列为改进措施）", size="sm",
                                 interactive=not continued, key=view.k(item.id, "continue"),
                                 elem_classes=["nb-continue-btn"])

            @reporting
            def set_follow(key: str, value: str | None, item_id: str = item.id) -> Any:
                if not value:
                    return gr.skip()
                return self._save(key, lambda a: set_previous_measure(a, item_id, status=Follow(value)))

            @reporting
            def set_how(key: str, text: str, item_id: str = item.id) -> str:
                return self._save(key, lambda a: set_previous_measure(a, item_id, how=text.strip()))

            @reporting
            def carry_on(key: str, item: PreviousMeasure = item) -> Updates:
                return {self.saved: self._save(key, lambda a: continue_measure(a, item)), self.tick: _token()}

            follow.change(set_follow, [shell.key, follow], [self.saved], show_progress="hidden")
            how.change(set_how, [shell.key, how], [self.saved], trigger_mode="always_last", show_progress="hidden")
            keep.click(carry_on, [shell.key], [self.saved, self.tick], show_progress="hidden")

    def _candidates(self, view: _View) -> None:
        gr.Markdown("### 三、表格数据提示的问题", elem_classes=["nb-acct-h"])
        shell = self.shell
        candidates = view.open_candidates
        if not candidates:
            gr.Markdown("表格数据没有需要提示的问题（或都已处理）。", elem_classes=["nb-acct-note"])
        for n, candidate in enumerate(candidates, start=1):
            with gr.Group(elem_classes=["nb-acct-item", "nb-acct-cand"], elem_id=f"nb-cand-{n}"):
                _html(f'<div class="nb-acct-text"><b>候选{n}</b> {escape(candidate.text)}</div>'
                      f'<div class="nb-acct-evidence">依据：{escape(candidate.evidence)}</div>')
                with gr.Row():
                    take = gr.Button("采纳为本年问题", size="sm", variant="primary",
                                     key=view.k(candidate.key, "adopt"), elem_classes=["nb-cand-adopt"])
                    drop = gr.Button("不采纳", size="sm", key=view.k(candidate.key, "dismiss"),
                                     elem_classes=["nb-cand-dismiss"])

            @reporting
            def adopt_it(key: str, candidate: Candidate = candidate) -> Updates:
                return {self.saved: self._save(key, lambda a: adopt_candidate(a, candidate)), self.tick: _token()}

            @reporting
            def dismiss_it(key: str, candidate_key: str = candidate.key) -> Updates:
                return {self.saved: self._save(key, lambda a: dismiss_candidate(a, candidate_key)), self.tick: _token()}

            take.click(adopt_it, [shell.key], [self.saved, self.tick], show_progress="hidden")
            drop.click(dismiss_it, [shell.key], [self.saved, self.tick], show_progress="hidden")
        known = {c.key: c for c in view.candidates}
        dismissed = [known[k] for k in view.account.dismissed if k in known]
        for candidate in dismissed:
            with gr.Row(elem_classes=["nb-acct-dismissed"]):
                _html(f'<div class="nb-acct-note">已不采纳：{escape(candidate.text)}</div>')
                back = gr.Button("恢复", size="sm", scale=0, min_width=80, key=view.k(candidate.key, "restore"))

            @reporting
            def restore(key: str, candidate_key: str = candidate.key) -> Updates:
                return {self.saved: self._save(key, lambda a: restore_candidate(a, candidate_key)),
                        self.tick: _token()}

            back.click(restore, [shell.key], [self.saved, self.tick], show_progress="hidden")

    def _problems(self, view: _View) -> None:
        gr.Markdown("### 四、本年存在的主要问题", elem_classes=["nb-acct-h"])
        gr.Markdown("实事求是、明确具体：写明问题和说明它的事实或数字。上级通报、第三方评估指出的问题请注明来源。",
                    elem_classes=["nb-acct-note"])
        for i, problem in enumerate(view.account.problems, start=1):
            self._problem_row(view, i, problem, blank=False)
        for origin, seed in ((ProblemOrigin.WRITER, "new-writer"), (ProblemOrigin.FEEDBACK, "new-feedback")):
            problem_id = pending_id(view.account, "p", f"{view.key}#{seed}")
            self._problem_row(view, 0, Problem(id=problem_id, text="", origin=origin), blank=True)

    def _problem_row(self, view: _View, i: int, problem: Problem, *, blank: bool) -> None:
        shell = self.shell
        feedback = problem.origin is ProblemOrigin.FEEDBACK
        if blank:
            title = "新增上级通报或第三方评估指出的问题" if feedback else "新增问题（本机关自查发现）"
        else:
            title = f"本年问题{i}（{problem.origin.value}）"
        css = ["nb-acct-item", "nb-acct-problem"] + (["nb-acct-blank"] if blank else [])
        with gr.Group(elem_classes=css, elem_id=f"nb-problem-{'new-' + problem.origin.name.lower() if blank else i}"):
            _html(f'<div class="nb-acct-title">{escape(title)}</div>')
            source = None
            with gr.Row(equal_height=False):
                if feedback:
                    source = gr.Textbox(problem.source, label="来源（通报或评估的名称）", lines=1, interactive=True,
                                        placeholder="如：市政务公开办2024年第三季度通报",
                                        key=view.k(problem.id, "source"),
                                        elem_classes=["nb-problem-source"], scale=2)
                text = gr.Textbox(problem.text, label="问题", lines=2, max_lines=6, interactive=True,
                                  placeholder="在此输入，输入后自动加入本年问题" if blank else "",
                                  key=view.k(problem.id, "text"), elem_classes=["nb-problem-text"], scale=4)
            evidence = None if blank else gr.Textbox(
                "\n".join(problem.evidence), label="依据（事实或数字，每行一条）", lines=1, max_lines=6,
                interactive=True, key=view.k(problem.id, "evidence"), elem_classes=["nb-problem-evidence"])
            if not blank:
                with gr.Row():
                    self._ideas_button(view, problem.id, problem.text)
                    remove = gr.Button("删除此问题", size="sm", variant="stop", scale=0, min_width=110,
                                       key=view.k(problem.id, "remove"), elem_classes=["nb-problem-remove"])

                @reporting
                def drop(key: str) -> Updates:
                    return {self.saved: self._save(key, lambda a: remove_problem(a, problem.id)), self.tick: _token()}

                remove.click(drop, [shell.key], [self.saved, self.tick], show_progress="hidden")
                self._ideas_list(view, problem.id)

        def setter(name: str, convert: Callable[[str], Any]) -> Callable[[str, str], str]:
            @reporting
            def save(key: str, value: str) -> str:
                return self._save(key, lambda a: upsert_problem(a, problem.id, problem.origin,
                                                                **{name: convert(value or "")}))
            return save

        boxes: list[tuple[gr.Textbox, str, Callable[[str], Any]]] = [(text, "text", str.strip)]
        if evidence is not None:
            boxes.append((evidence, "evidence", _lines))
        if source is not None:
            boxes.append((source, "source", str.strip))
        for box, name, convert in boxes:
            box.change(setter(name, convert), [shell.key, box], [self.saved], trigger_mode="always_last",
                       show_progress="hidden")
            if blank:
                box.blur(self._settle(problem.id), [shell.key], [self.tick], show_progress="hidden")

    def _settle(self, item_id: str) -> Callable[[str], Any]:
        """After the writer leaves a blank row: draw it as an item (with all its fields) once it is one."""

        def settle(key: str) -> Any:
            if not key:
                return gr.skip()
            account = self.shell.library.get(key).report.account
            known = {p.id for p in account.problems} | {m.id for m in account.measures}
            return _token() if item_id in known else gr.skip()

        return settle

    def _measures(self, view: _View) -> None:
        gr.Markdown("### 五、改进措施", elem_classes=["nb-acct-h"])
        gr.Markdown("每条措施写明针对哪个问题；可写责任单位和完成时限。延续上年的措施须写明“继续”。",
                    elem_classes=["nb-acct-note"])
        targets = view.target_choices()
        continues = view.continue_choices()
        for i, measure in enumerate(view.account.measures, start=1):
            self._measure_row(view, i, measure, targets, continues)
        blank = Measure(id=pending_id(view.account, "m", f"{view.key}#new-measure"), text="")
        self._measure_row(view, 0, blank, targets, continues)

    def _measure_row(self, view: _View, i: int, measure: Measure, targets: list[tuple[str, str]],
                     continues: list[tuple[str, str]]) -> None:
        shell = self.shell
        blank = i == 0
        css = ["nb-acct-item", "nb-acct-measure"] + (["nb-acct-blank"] if blank else [])
        with gr.Group(elem_classes=css, elem_id=f"nb-measure-{'new' if blank else i}"):
            _html(f'<div class="nb-acct-title">{"新增措施" if blank else f"措施{i}"}</div>')
            text = gr.Textbox(measure.text, label="措施", lines=2, max_lines=6, interactive=True,
                              placeholder="在此输入，输入后自动加入改进措施" if blank else "",
                              key=view.k(measure.id, "text"), elem_classes=["nb-measure-text"])
            if blank:
                text.change(self._measure_setter(measure.id, "text", str.strip), [shell.key, text], [self.saved],
                            trigger_mode="always_last", show_progress="hidden")
                text.blur(self._settle(measure.id), [shell.key], [self.tick], show_progress="hidden")
                return
            with gr.Row(equal_height=False):
                target_values = {v for _, v in targets}
                target = gr.Dropdown(targets, value=measure.problem if measure.problem in target_values else NONE,
                                     label="针对的问题", interactive=True, key=view.k(measure.id, "problem"),
                                     preserved_by_key=[], elem_classes=["nb-measure-problem"], scale=3)
                owner = gr.Textbox(measure.owner, label="责任单位（可选）", lines=1, interactive=True,
                                   key=view.k(measure.id, "owner"), elem_classes=["nb-measure-owner"], scale=1)
                deadline = gr.Textbox(measure.deadline, label="完成时限（可选）", lines=1, interactive=True,
                                      placeholder="如：2024年6月底前", key=view.k(measure.id, "deadline"),
                                      elem_classes=["nb-measure-deadline"], scale=1)
                carry = gr.Dropdown(continues, value=measure.continues or NONE, label="继续上年措施", interactive=True,
                                    key=view.k(measure.id, "continues"), preserved_by_key=[],
                                    elem_classes=["nb-measure-continues"], scale=2)
            with gr.Row():
                if measure.adopted is not None:
                    _html(f'<div class="nb-acct-note">参考：{_idea_html(measure.adopted, used=False)}</div>',
                          "nb-measure-adopted")
                remove = gr.Button("删除此措施", size="sm", variant="stop", scale=0, min_width=110,
                                   key=view.k(measure.id, "remove"), elem_classes=["nb-measure-remove"])

        @reporting
        def drop(key: str) -> Updates:
            return {self.saved: self._save(key, lambda a: remove_measure(a, measure.id)), self.tick: _token()}

        remove.click(drop, [shell.key], [self.saved, self.tick], show_progress="hidden")
        for box, name in ((text, "text"), (owner, "owner"), (deadline, "deadline")):
            box.change(self._measure_setter(measure.id, name, str.strip), [shell.key, box], [self.saved],
                       trigger_mode="always_last", show_progress="hidden")
        for menu, name in ((target, "problem"), (carry, "continues")):
            menu.change(self._measure_setter(measure.id, name, _menu_value), [shell.key, menu], [self.saved],
                        show_progress="hidden")

    def _measure_setter(self, measure_id: str, name: str, convert: Callable[[str], Any]) -> Callable[[str, Any], str]:
        @reporting
        def save(key: str, value: Any) -> str:
            return self._save(key, lambda a: upsert_measure(a, measure_id, **{name: convert(value or "")}))

        return save

    # --- wiring outside the lists ---------------------------------------------------------

    def summary(self, key: str) -> str:
        if not key:
            return ""
        current = self.shell.library.get(key)
        view = _view(current, key, "", {})
        return account_summary(view.account, len(view.open_candidates))

    def wire(self, tabs: gr.Tabs) -> None:
        """The way between this tab and section 五 of the 正文与起草 tab; loading last year's report."""
        shell = self.shell
        lib = shell.library
        text_tab = self.text_tab
        five_outputs = [text_tab.five, self.link.summary]

        @reporting
        def to_draft(key: str) -> Updates:
            if key:
                text_tab.last_section[key] = FIVE
            return {tabs: gr.Tabs(selected="text"), text_tab.section: FIVE, **self.render_five(key, FIVE)}

        self.to_draft.click(to_draft, [shell.key], [tabs, text_tab.section, *five_outputs])
        self.link.open.click(lambda: gr.Tabs(selected="account"), None, [tabs])
        text_tab.section.change(reporting(self.render_five), [shell.key, text_tab.section], five_outputs,
                                show_progress="hidden")

        @reporting
        def load_previous(key: str, upload: Any) -> Updates:
            if not key:
                raise NianbaoError("请先新建或导入一份报告")
            if upload is None:
                raise NianbaoError("请先上传上年报告")
            note = lib.set_previous(key, Path(upload))
            updates = shell.refresh(key)
            updates[self.saved] = note
            updates[self.previous_file] = None
            return updates

        self.previous_btn.click(load_previous, [shell.key, self.previous_file],
                                [*shell.outputs(), self.previous_file])
