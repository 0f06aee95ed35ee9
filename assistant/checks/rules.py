"""The registry of rule codes: every finding any part of the project produces, its severity, its
name and what it rests on.

A code is stable and dotted, prefixed by its family so that a caller can filter by scope:
``t2.``/``t3.``/``t4.`` (tables), ``xyear.`` (cross-year), ``text.`` (narrative numbers and the
report year), ``struct.`` (sections), ``proof.`` (proofreading), ``parse.`` (the parser's own),
``cite.`` (the citation checker's), ``draft.`` (the drafting guards, also run on written text) and
``ledger.`` (the 登记台账 against last year's report). Codes made outside ``assistant.checks`` (the
parser, the citation checker, the drafter, the ledger, the workspace) are listed here too, with
the severity they are made with.

Every rule names its **source** (:class:`Source`): the clause it rests on (the 条例, the format
notice 国办公开办函〔2021〕30号, the 处理费办法, a judicial interpretation, a national standard) or
实务 (common practice, plausibility). The source decides the wording (a practice is “通常”, never
“规定”; a rule of the format says “按年报格式要求”), a basis that says 一般/原则上 only warns, and
only practice rules may be given another severity by an office (``NIANBAO_RULE_SEVERITY``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from assistant.findings import Finding, SectionKey, Severity
from assistant.form import TABLE_NAMES
from assistant.settings import rule_severity

TABLE_FAMILIES: tuple[str, ...] = ("t2", "t3", "t4", "xyear", "parse")
SCOPES: tuple[str, ...] = ("all", "tables", "text")
# Words that make a basis conditional: such a rule only warns.
CONDITIONAL_WORDS: tuple[str, ...] = ("一般", "原则上")


class SourceKind(StrEnum):
    """What a rule rests on, from the strongest to common practice."""

    TIAOLI = "条例"  # 《中华人民共和国政府信息公开条例》（2019年修订）
    FORMAT = "年报格式"  # 国办公开办函〔2021〕30号 and its template
    FEE = "处理费办法"  # 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）
    INTERPRETATION = "司法解释"  # 最高人民法院的解释（法释〔2025〕8号）
    STANDARD = "国家标准"  # GB/T 9704 公文格式, GB/T 15834 标点符号用法
    PRACTICE = "实务"  # common practice, plausibility: what reviewers usually expect


# The kinds whose rules an office may not re-grade: the law and the national form.
BINDING_KINDS: frozenset[SourceKind] = frozenset(
    {SourceKind.TIAOLI, SourceKind.FORMAT, SourceKind.FEE, SourceKind.INTERPRETATION,
     SourceKind.STANDARD})


@dataclass(frozen=True)
class Source:
    """The basis of a rule: its kind, the precise clause and, where the text is in the corpus
    (``corpus/regulations/``), the basis's own words (``quote``, checked verbatim by the tests)."""

    kind: SourceKind
    clause: str  # “《政府信息公开条例》第四十九条”, “国办公开办函〔2021〕30号 附件 表三 说明”, “实务：…”
    quote: str = ""

    @property
    def conditional(self) -> bool:
        """The basis says 一般/原则上: a rule resting on it can only warn."""
        return any(word in self.quote or word in self.clause for word in CONDITIONAL_WORDS)

    @property
    def adjustable(self) -> bool:
        """Whether an office may change the severity (practice only)."""
        return self.kind not in BINDING_KINDS

    def __str__(self) -> str:
        if self.kind is SourceKind.PRACTICE:
            return self.clause
        return f"{self.clause}：“{self.quote}”" if self.quote else self.clause


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    description: str  # one line of Chinese, shown in audit summaries, the screen and `nianbao rules`
    source: Source
    severity_note: str = ""  # when a finding of this rule is made with the other severity

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def scope(self) -> str:
        """``tables`` or ``text``: what ``filter_scope`` keeps this rule under."""
        return "tables" if self.family in TABLE_FAMILIES else "text"


def basis_phrase(rule: Rule) -> str:
    """How a message introduces what the rule asks, by its source: “按年报格式要求” for the
    format, “通常” for a practice (never “规定”), the clause itself for the 条例 or a standard."""
    source = rule.source
    if source.kind is SourceKind.PRACTICE:
        return "通常"
    if source.kind is SourceKind.FORMAT:
        return "按年报格式要求"
    if source.kind is SourceKind.STANDARD:
        return f"按{source.clause.split('（', 1)[0]}"
    return f"依据{source.clause.split('（', 1)[0]}"


_E, _W = Severity.ERROR, Severity.WARNING

# --- the sources ------------------------------------------------------------------------------

_NOTICE = "国办公开办函〔2021〕30号"


def _tiaoli(clause: str, quote: str = "") -> Source:
    return Source(SourceKind.TIAOLI, f"《政府信息公开条例》{clause}", quote)


def _format(clause: str, quote: str = "") -> Source:
    return Source(SourceKind.FORMAT, f"{_NOTICE} {clause}", quote)


def _practice(reason: str) -> Source:
    return Source(SourceKind.PRACTICE, f"实务：{reason}")


def _standard(clause: str) -> Source:
    return Source(SourceKind.STANDARD, clause)


_NOT_LEFT_OUT = "要严格按照《中华人民共和国政府信息公开条例》第五十条的规定确定，不能遗漏"
_ACCURATE = "相关情况和数据做到应报尽报，全面准确"
_NOT_REPEATED = "不得出现敷衍了事甚至年年雷同现象"
_REPORT_YEAR = _tiaoli("第四十九条", "上一年度政府信息公开工作年度报告")
_ACCURACY = _format("三、工作要求（二）", _ACCURATE)
_PARTS = _format("附件 格式模板（一至六部分及其序号）")
_COUNTS = "（栏目为件数、数量或金额）"
_READING = "读取报告："
_CARRY_OVER = _format("附件 表三 “二、上年结转”行与上年报告“四、结转下年度继续办理”行",
                      "二、上年结转政府信息公开申请数量")
_VERSION = _practice("报告年度适用该年12月31日有效的文本")
_DRAFTING = "起草和核对文字时，每个数字、事实和措施都应有撰稿人提供的依据"


def _cell_rules() -> list[Rule]:
    rules = []
    for family, name in TABLE_NAMES.items():
        columns = _format(f"附件 {name}{_COUNTS}")
        rules += [
            Rule(f"{family}.negative", _E, f"{name}数值为负数", columns),
            Rule(f"{family}.not_integer", _E, f"{name}件数不是整数", columns),
            Rule(f"{family}.not_number", _E, f"{name}应填数字处填了文字", columns),
            Rule(f"{family}.blank", _W, f"{name}单元格为空或填“/”“-”“无”（没有的通常填0）",
                 _practice("统计表中没有发生的事项通常填0；空白、“/”“-”“无”分不清未发生与漏填")),
            Rule(f"{family}.empty", _E, f"{name}没有任何数据（全部单元格为空）",
                 _format(f"一、报告内容；附件 {name}", _NOT_LEFT_OUT)),
            Rule(f"{family}.unfilled", _W, f"{name}某行尚未填数（空白、不是数字或未能确定），导出前请填写",
                 _practice("发布前表格各栏都填数字，没有的通常填0（工作区的导出前检查）")),
        ]
    return rules


_ALL: tuple[Rule, ...] = (
    *_cell_rules(),
    Rule("t2.rules_not_empowered", _W, "乡镇（街道）或县级部门填报了规章（无权制定规章）",
         _practice("规章由国务院部门和省级、设区的市级人民政府制定（《立法法》），乡镇（街道）和县级部门"
                   "填报规章多为误填；机关层级据名称推断")),
    Rule("t3.column_balance", _E, "表三某列第一项加第二项之和不等于第三项加第四项之和",
         _format("附件 表三 说明", "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和")),
    Rule("t3.handled_sum", _E, "表三某列（七）总计不等于（一）至（六）各项之和",
         _format("附件 表三“三、本年度办理结果”“（七）总计”行")),
    Rule("t3.row_sum", _E, "表三某行“总计”不等于各类申请人之和",
         _format("附件 表三“总计”列")),
    Rule("t4.group_sum", _E, "表四某组“总计”不等于维持、纠正、其他、尚未审结之和",
         _format("附件 表四 各组“总计”")),
    Rule("t4.after_review_exceeds_review", _W, "表四复议后起诉多于行政复议（可能涉及往年复议）",
         _practice("复议后起诉的案件来自本年或以往年度的复议，通常不多于行政复议")),
    Rule("xyear.year_gap", _W, "上年报告的年度不是本年度的前一年，未做跨年度核对",
         _practice("跨年度核对以上一年度的报告为准")),
    Rule("xyear.carry_over", _E, "本年“上年结转”不等于上年报告的“结转下年度继续办理”", _CARRY_OVER),
    Rule("xyear.in_force", _W, "现行有效件数不等于上年现行有效加本年制发减本年废止",
         _practice("现行有效件数通常等于上年现行有效件数加本年制发、减本年废止；文件到期失效时两者不等")),
    Rule("xyear.problems_similar", _W, "“存在的主要问题及改进情况”与上年大体雷同",
         _format("一、报告内容（五）", _NOT_REPEATED)),
    Rule("xyear.problems_repeated", _W, "“存在的主要问题及改进情况”中的句子照搬上年",
         _format("一、报告内容（五）", _NOT_REPEATED)),
    Rule("xyear.problems_no_followup", _W, "“存在的主要问题及改进情况”未说明上年问题的改进情况",
         _practice("“改进情况”通常包括上年报告所列问题的整改情况")),
    Rule("text.received", _E, "正文所述收到申请件数与表三不符", _ACCURACY),
    Rule("text.handled", _E, "正文所述办结（答复）件数与表三（七）总计不符", _ACCURACY),
    Rule("text.carried_in", _E, "正文所述上年结转件数与表三不符", _ACCURACY),
    Rule("text.carried_out", _E, "正文所述结转下年度件数与表三不符", _ACCURACY),
    Rule("text.outcome", _E, "正文所述予以公开、不予公开等办理结果件数与表三不符", _ACCURACY),
    Rule("text.review", _E, "正文所述行政复议件数与表四不符", _ACCURACY),
    Rule("text.litigation", _E, "正文所述行政诉讼件数与表四不符", _ACCURACY),
    Rule("text.in_force", _E, "正文所述现行有效件数与表二不符", _ACCURACY),
    Rule("text.percentage", _W, "正文所述百分比与件数不符",
         _practice("百分比按件数除以本年办理结果总数（三（七）总计）计算")),
    Rule("text.percentage_total", _W, "正文所述各项办理结果百分比合计不为100%",
         _practice("各项办理结果的百分比合计通常为100%（四舍五入可有微小出入）")),
    Rule("text.all_upheld", _E, "正文称复议、诉讼“均获维持”，表四却有纠正、其他结果或尚未审结", _ACCURACY),
    Rule("text.all_closed", _E, "正文称复议、诉讼“均已审结”，表四却有尚未审结", _ACCURACY),
    Rule("text.period", _E, "统计期限不是报告年度的1月1日至12月31日", _REPORT_YEAR),
    Rule("text.title_year", _E, "标题中的年度与报告年度不符", _REPORT_YEAR),
    Rule("text.stale_year", _W, "以上一年或下一年作为本年工作的主语（疑似照搬往年文字）",
         _practice("以上一年或下一年开头叙述本年工作，多为沿用往年文字")),
    Rule("text.stale_number", _W, "照搬上年的句子中有本年表格没有的数字（疑为未更新的上年数字）",
         _practice("照搬上年报告的句子中，本年表格没有对应的数字多为未更新的上年数字")),
    Rule("struct.missing", _E, "缺少年报格式要求的部分", _format("一、报告内容", _NOT_LEFT_OUT)),
    Rule("struct.duplicated", _W, "同一部分出现两次", _PARTS),
    Rule("struct.misnumbered", _W, "部分序号不对", _PARTS),
    Rule("struct.out_of_order", _W, "部分顺序不对", _PARTS),
    Rule("struct.unrecognized", _W, "无法识别的部分标题（不是年报格式的六个部分之一）", _PARTS),
    Rule("struct.empty", _W, "部分只有标题，没有内容", _format("一、报告内容", _NOT_LEFT_OUT)),
    Rule("struct.problems_too_short", _E, "“存在的主要问题及改进情况”为空、写“无”或过于简略",
         _format("一、报告内容（五）", "实事求是、明确具体，避免笼统模糊、泛泛而谈")),
    Rule("struct.fee_missing", _W, "“其他需要报告的事项”未报告信息处理费收取情况",
         _format("一、报告内容（六）",
                 "各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，在此处专门报告")),
    Rule("struct.overview_too_long", _W, "“总体情况”超过一千字",
         _format("一、报告内容（一）", "篇幅原则上不超过一千字")),
    Rule("struct.heading_wording", _W, "部分标题的文字与年报格式模板不一致（如“行政法复议”）",
         _format("附件 格式模板（各部分标题）")),
    Rule("struct.placeholder", _E, "正文中仍有【待补充】【待核实】等待填写的占位内容",
         _practice("留有【待补充】等占位内容的报告尚未写完，不宜发布或导出")),
    Rule("proof.duplicate_char", _W, "疑似重复录入的字（如“园区区”）",
         _practice("两个相同的字连写而不成词，多为录入时多打了一个字")),
    Rule("proof.unbalanced", _W, "括号、书名号或引号不成对",
         _standard("GB/T 15834—2011《标点符号用法》（括号、书名号、引号成对使用）")),
    Rule("proof.date", _W, "日期写法有误或日期不存在", _practice("日期通常写作“YYYY年M月D日”，且须是存在的日期")),
    Rule("proof.parts_count", _W, "引言所说的部分数与列举的部分数不符",
         _practice("引言所说的部分数通常与其后列举的部分一致")),
    # The parser's own findings (assistant.parsing): what it could not read, or read by inference.
    Rule("parse.ambiguous_split", _W, "连在一起的数字有多种拆分，无法确定",
         _practice(f"{_READING}连在一起的数字只能按表格勾稽关系拆分，有多种拆分时不猜测")),
    Rule("parse.split_failed", _E, "连在一起的数字无法拆分为各单元格",
         _practice(f"{_READING}连在一起的数字没有符合表格勾稽关系的拆分，各单元格无法读取")),
    Rule("parse.row_by_position", _W, "表格某行的行标签缺失或无法识别，已按表格行序和合计关系读取，请核对",
         _practice(f"{_READING}行标签缺失时按行序读取，需人工核对")),
    Rule("parse.other_one_row", _W, "“（六）其他处理”印为一行，其下三项未能分别读取",
         _practice(f"{_READING}2021年格式的“（六）其他处理”通常分三项填报")),
    Rule("parse.split_resolved", _W, "连在一起的数字只有一种拆分符合表格勾稽关系，已按该拆分读取，请核对",
         _practice(f"{_READING}推断所得的数字需人工核对")),
    Rule("parse.cells_missing", _E, "表格某行读到的数值少于应有的单元格",
         _format("一、报告内容；附件 格式模板（各表的行和栏）", _NOT_LEFT_OUT)),
    Rule("parse.extra_cells", _W, "表格某行读到的数值多于应有的单元格",
         _practice(f"{_READING}多出的数值通常是表外文字或错位，需人工核对")),
    Rule("parse.row_missing", _E, "未找到表格中的某一行",
         _format("一、报告内容；附件 格式模板（各表的行和栏）", _NOT_LEFT_OUT)),
    Rule("parse.table_empty", _E, "表格标题下没有读到表格数据",
         _format("一、报告内容；附件 格式模板（表二至表四）", _NOT_LEFT_OUT)),
    Rule("parse.table_missing", _E, "未找到表格",
         _format("一、报告内容；附件 格式模板（表二至表四）", _NOT_LEFT_OUT)),
    Rule("parse.meta_missing", _W, "未能识别报告机关或年度", _practice(f"{_READING}标题通常写明机关和年度")),
    Rule("parse.format_guessed", _W, "无法从表格栏目判断格式版本，已推定",
         _practice(f"{_READING}格式版本（2019年试行或2021年）据表格栏目判断")),
    Rule("parse.no_sections", _W, "没有找到部分标题，只读取了表格",
         _practice(f"{_READING}各部分通常以“一、”至“六、”的标题分开")),
    Rule("parse.pages_without_text", _W, "PDF 有的页没有文字层（扫描图片），这些页未能读取",
         _practice(f"{_READING}不做文字识别（OCR），扫描页无法读取")),
    # The citation checker's (assistant.citations): a citation is verified, wrong or not verifiable.
    Rule("cite.article_missing", _E, "引用的条不存在",
         _practice("所引的条须在所引法规适用的文本中存在（按法规库核对）")),
    Rule("cite.paragraph_missing", _E, "引用的款不存在",
         _practice("所引的款须在所引条文中存在（按法规库核对）")),
    Rule("cite.item_missing", _E, "引用的项不存在", _practice("所引的项须在所引条文中存在（按法规库核对）")),
    Rule("cite.old_numbering", _E, "引用了修订前的条文序号",
         _tiaoli("（2019年修订）题注", "2019年4月3日中华人民共和国国务院令第711号修订")),
    Rule("cite.misquote", _E, "引文与条文原文不符", _practice("引号内的引文须与条文原文一致"),
         "未以“规定：”等明确引出的引文为提示"),
    Rule("cite.law_unknown", _E, "引用的法规名称无法识别",
         _practice("所引法规的名称须与其正式名称或通行简称一致")),
    Rule("cite.not_in_force", _E, "引用的法规在报告年度不适用", _VERSION),
    Rule("cite.superseded", _E, "引用了已被修订或废止的版本", _VERSION),
    Rule("cite.docno_malformed", _E, "文号写法有误", _practice("文号须照所引文件的文号书写")),
    Rule("cite.docno_mismatch", _E, "文号与文件名称不符", _practice("文号须是所引文件自己的文号")),
    Rule("cite.docno_format", _W, "文号格式不规范（年份未用六角括号〔〕）",
         _standard("GB/T 9704—2012《党政机关公文格式》7.2.4 发文字号（年份用六角括号“〔〕”括入）")),
    Rule("cite.not_verifiable", _W, "法规库中没有所引文件或条文的文本，引用无法核对（可添加本单位法规后核对）",
         _practice("引用以法规库中的文本核对；没有文本的只能提示")),
    Rule("cite.title_misquoted", _E, "所引文件的标题与其文号登记的标题不符",
         _practice("所引文件的标题须与其文号登记的标题一致")),
    # The drafting guards (assistant.drafting), on a draft and on text written by hand.
    Rule("draft.citation_unsourced", _W, "引用的条文未在起草材料中提供",
         _practice("起草时引用的条文通常来自提供给起草的材料")),
    Rule("draft.claim_unsupported", _E, "所述内容在材料中找不到依据", _practice(_DRAFTING)),
    Rule("draft.unsupported_claim", _E, "所述内容缺少事实依据", _practice(_DRAFTING),
         "核对已写成的文字时为提示"),
    Rule("draft.copies_other_agency", _W, "照搬其他机关报告中的做法",
         _practice("借鉴其他机关的做法时通常结合本机关实际改写")),
    Rule("draft.malformed", _E, "句中混入了提示词或编号", _practice("成文中不留提示词和事实编号")),
    Rule("draft.missing_part", _E, "缺少应写的内容",
         _format("一、报告内容（一）（五）（六）",
                 "主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"),
         "核对已写成的第五部分时为提示"),
    Rule("draft.no_source", _E, "没有注明依据的事实", _practice(_DRAFTING),
         "措施句、以及核对已写成的文字时为提示"),
    Rule("draft.notes_unreadable", _W, "起草说明有误", _practice("起草说明按模板逐行填写，有误的行无法读取")),
    Rule("draft.number_unverified", _E, "数字在事实表中找不到依据", _practice(_DRAFTING)),
    Rule("draft.previous_problem_unaddressed", _E, "未说明上年问题的整改情况",
         _practice("“改进情况”通常逐项说明上年报告所列问题的整改情况"),
         "核对已写成的第五部分时为提示"),
    Rule("draft.repeats_last_year", _W, "照搬上年文字", _format("一、报告内容（五）", _NOT_REPEATED)),
    Rule("draft.status_contradiction", _E, "与整改台账记录的整改状态矛盾",
         _practice("所述整改情况须与撰稿人在整改台账中记录的状态一致"),
         "起草时，称问题未解决而台账记为已整改的为提示"),
    Rule("draft.todo", _W, "待撰稿人补充", _practice("起草时无依据可写的内容留待撰稿人补充")),
    Rule("draft.unknown_source", _E, "引用了事实表中没有的依据", _practice(_DRAFTING)),
    # The 登记台账 against last year's report (assistant.ledger).
    Rule("ledger.previous_year", _W, "台账与上年报告不一致（所给上年报告不是前一年度的）",
         _practice("跨年度核对以上一年度的报告为准")),
    Rule("ledger.carried_in_vs_previous", _E, "上年结转与上年报告不一致", _CARRY_OVER,
         "上年报告该列为空或无法读取、无法核对时为提示"),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _ALL}


def rule_description(code: str) -> str:
    """The Chinese name of a rule; the code itself for codes this registry does not know."""
    rule = RULES.get(code)
    return rule.description if rule is not None else code


def override_refusal(code: str, severity: Severity) -> str | None:
    """Why an office may not make ``code`` a ``severity`` (a Chinese sentence), or ``None``:
    an unknown code, a rule resting on the law, the format or a standard, or an error made of a
    rule whose basis says 一般/原则上."""
    rule = RULES.get(code)
    if rule is None:
        return f"没有规则“{code}”（nianbao rules 列出全部规则）"
    if not rule.source.adjustable:
        return (f"规则“{code}”（{rule.description}）依据{rule.source.kind.value}"
                f"（{rule.source.clause}），不能调整严重程度；只能调整依据为实务的规则")
    if severity is Severity.ERROR and rule.source.conditional:
        return f"规则“{code}”的依据是原则性要求（一般、原则上），只能作为提示"
    return None


def severity_of(code: str) -> Severity | None:
    """The severity a finding of ``code`` gets now: the office's setting for a practice rule
    (``NIANBAO_RULE_SEVERITY``), else the registry's; ``None`` for an unknown code."""
    configured = rule_severity().get(code)
    if configured is not None:
        return configured
    rule = RULES.get(code)
    return rule.severity if rule is not None else None


# The office's severities while a run of the checks makes its findings (office_severities).
_OFFICE: ContextVar[Mapping[str, Severity] | None] = ContextVar("office_severities", default=None)


@contextmanager
def office_severities() -> Iterator[None]:
    """Within it, :func:`finding` takes ``NIANBAO_RULE_SEVERITY`` as read on entry: one run of
    the checks reads the setting once, not once for each finding."""
    token = _OFFICE.set(rule_severity())
    try:
        yield
    finally:
        _OFFICE.reset(token)


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
    """A finding of a registered rule; the severity comes from the registry (and, for a practice
    rule, from the office's ``NIANBAO_RULE_SEVERITY``, as :class:`Finding` applies it: read
    once for a whole run of the checks within :func:`office_severities`)."""
    return Finding.exact(
        code, severity_now(code), message, section, cell, cells, span,
        None if expected is None else str(expected), None if actual is None else str(actual),
    )


def severity_now(code: str) -> Severity:
    """The severity :func:`finding` gives a finding of the registered rule ``code`` now."""
    office = _OFFICE.get()
    configured = (rule_severity() if office is None else office).get(code)
    return RULES[code].severity if configured is None else configured
