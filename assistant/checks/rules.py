"""The registry of rule codes: every finding a check can produce, its severity and its name.

A code is stable and dotted, prefixed by its family so that a caller can filter by scope:
``t2.``/``t3.``/``t4.`` (tables), ``xyear.`` (cross-year), ``text.`` (narrative numbers and the
report year), ``struct.`` (sections), ``proof.`` (proofreading), ``parse.`` (the parser's own,
listed here for their names; the parser sets their severity).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.findings import Finding, SectionKey, Severity

TABLE_FAMILIES: tuple[str, ...] = ("t2", "t3", "t4", "xyear", "parse")
SCOPES: tuple[str, ...] = ("all", "tables", "text")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    description: str  # one line of Chinese, shown in audit summaries and the docs table

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def scope(self) -> str:
        """``tables`` or ``text``: what ``filter_scope`` keeps this rule under."""
        return "tables" if self.family in TABLE_FAMILIES else "text"


_E, _W = Severity.ERROR, Severity.WARNING

_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def _cell_rules() -> list[Rule]:
    rules = []
    for family, name in _TABLE_NAMES.items():
        rules += [
            Rule(f"{family}.negative", _E, f"{name}数值为负数"),
            Rule(f"{family}.not_integer", _E, f"{name}件数不是整数"),
            Rule(f"{family}.not_number", _E, f"{name}应填数字处填了文字"),
            Rule(f"{family}.blank", _W, f"{name}单元格为空或填“/”“-”“无”，应填0"),
            Rule(f"{family}.empty", _E, f"{name}没有任何数据（全部单元格为空）"),
        ]
    return rules


_ALL: tuple[Rule, ...] = (
    *_cell_rules(),
    Rule("t2.rules_not_empowered", _W, "乡镇（街道）或县级部门填报了规章（无权制定规章）"),
    Rule("t3.column_balance", _E, "表三某列第一项加第二项之和不等于第三项加第四项之和"),
    Rule("t3.handled_sum", _E, "表三某列（七）总计不等于（一）至（六）各项之和"),
    Rule("t3.row_sum", _E, "表三某行“总计”不等于各类申请人之和"),
    Rule("t4.group_sum", _E, "表四某组“总计”不等于维持、纠正、其他、尚未审结之和"),
    Rule("t4.after_review_exceeds_review", _W, "表四复议后起诉多于行政复议（可能涉及往年复议）"),
    Rule("xyear.year_gap", _W, "上年报告的年度不是本年度的前一年，未做跨年度核对"),
    Rule("xyear.carry_over", _E, "本年“上年结转”不等于上年报告的“结转下年度继续办理”"),
    Rule("xyear.in_force", _W, "现行有效件数不等于上年现行有效加本年制发减本年废止"),
    Rule("xyear.problems_similar", _W, "“存在的主要问题及改进情况”与上年大体雷同"),
    Rule("xyear.problems_repeated", _W, "“存在的主要问题及改进情况”中的句子照搬上年"),
    Rule("xyear.problems_no_followup", _W, "“存在的主要问题及改进情况”未说明上年问题的改进情况"),
    Rule("text.received", _E, "正文所述收到申请件数与表三不符"),
    Rule("text.handled", _E, "正文所述办结（答复）件数与表三（七）总计不符"),
    Rule("text.carried_in", _E, "正文所述上年结转件数与表三不符"),
    Rule("text.carried_out", _E, "正文所述结转下年度件数与表三不符"),
    Rule("text.outcome", _E, "正文所述予以公开、不予公开等办理结果件数与表三不符"),
    Rule("text.review", _E, "正文所述行政复议件数与表四不符"),
    Rule("text.litigation", _E, "正文所述行政诉讼件数与表四不符"),
    Rule("text.in_force", _E, "正文所述现行有效件数与表二不符"),
    Rule("text.percentage", _W, "正文所述百分比与件数不符"),
    Rule("text.percentage_total", _W, "正文所述各项办理结果百分比合计不为100%"),
    Rule("text.all_upheld", _E, "正文称复议、诉讼“均获维持”，表四却有纠正、其他结果或尚未审结"),
    Rule("text.all_closed", _E, "正文称复议、诉讼“均已审结”，表四却有尚未审结"),
    Rule("text.period", _E, "统计期限不是报告年度的1月1日至12月31日"),
    Rule("text.title_year", _E, "标题中的年度与报告年度不符"),
    Rule("text.stale_year", _W, "以上一年或下一年作为本年工作的主语（疑似照搬往年文字）"),
    Rule("struct.missing", _E, "缺少规定的部分"),
    Rule("struct.duplicated", _W, "同一部分出现两次"),
    Rule("struct.misnumbered", _W, "部分序号不对"),
    Rule("struct.out_of_order", _W, "部分顺序不对"),
    Rule("struct.unrecognized", _W, "无法识别的部分标题"),
    Rule("struct.empty", _W, "部分只有标题，没有内容"),
    Rule("struct.problems_too_short", _E, "“存在的主要问题及改进情况”为空、写“无”或过于简略"),
    Rule("struct.fee_missing", _W, "“其他需要报告的事项”未报告信息处理费收取情况"),
    Rule("struct.overview_too_long", _W, "“总体情况”超过一千字"),
    Rule("struct.heading_wording", _W, "部分标题的文字与年报格式规定的不一致（如“行政法复议”）"),
    Rule("struct.placeholder", _E, "正文中仍有【待补充】【待核实】等待填写的占位内容"),
    Rule("proof.duplicate_char", _W, "疑似重复录入的字（如“园区区”）"),
    Rule("proof.unbalanced", _W, "括号、书名号或引号不成对"),
    Rule("proof.date", _W, "日期写法有误或日期不存在"),
    Rule("proof.parts_count", _W, "引言所说的部分数与列举的部分数不符"),
    # The parser's own findings (assistant.parsing), named here so that summaries can show them.
    Rule("parse.ambiguous_split", _W, "连在一起的数字有多种拆分，无法确定"),
    Rule("parse.split_failed", _E, "连在一起的数字无法拆分为各单元格"),
    Rule("parse.row_by_position", _W, "表格某行的行标签缺失或无法识别，已按表格行序和合计关系读取，请核对"),
    Rule("parse.other_one_row", _W, "“（六）其他处理”印为一行，其下三项未能分别读取"),
    Rule("parse.split_resolved", _W, "连在一起的数字只有一种拆分符合表格勾稽关系，已按该拆分读取，请核对"),
    Rule("parse.cells_missing", _E, "表格某行读到的数值少于应有的单元格"),
    Rule("parse.extra_cells", _W, "表格某行读到的数值多于应有的单元格"),
    Rule("parse.row_missing", _E, "未找到表格中的某一行"),
    Rule("parse.table_empty", _E, "表格标题下没有读到表格数据"),
    Rule("parse.table_missing", _E, "未找到表格"),
    Rule("parse.meta_missing", _W, "未能识别报告机关或年度"),
    Rule("parse.format_guessed", _W, "无法从表格栏目判断格式版本，已推定"),
    Rule("parse.no_sections", _W, "没有找到部分标题，只读取了表格"),
    Rule("parse.pages_without_text", _W, "PDF 有的页没有文字层（扫描图片），这些页未能读取"),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _ALL}


def rule_description(code: str) -> str:
    """The Chinese name of a rule; the code itself for codes this registry does not know."""
    rule = RULES.get(code)
    return rule.description if rule is not None else code


def finding(
    code: str,
    message: str,
    *,
    section: SectionKey | None = None,
    cell: str | None = None,
    cells: tuple[str, ...] = (),
    span: tuple[int, int] | None = None,
    expected: object = None,
    actual: object = None,
) -> Finding:
    """A finding of a registered rule; the severity comes from the registry."""
    return Finding(
        code=code,
        severity=RULES[code].severity,
        message=message,
        section=section,
        cell=cell,
        cells=cells,
        span=span,
        expected=None if expected is None else str(expected),
        actual=None if actual is None else str(actual),
    )
