"""What the writer asks, in plain Chinese, recognised without a model.

``route("帮我起草第五部分")`` → draft section 五; ``"再具体一些，写上复议被纠正的那一件"`` → revise
the section last drafted; ``"第二十条第（五）项是什么"`` → look the article up; ``"这句引用对吗"``
→ check the citations of the selection; ``"为什么依申请新收是26"`` → explain a cell;
``"今年和去年比，依申请新收有什么变化"`` → this year's figures beside last year's. Anything else is
``HELP``. Pure functions: no model, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from assistant.corpus import cn_to_int
from assistant.findings import SectionKey
from assistant.form import SECTION_BY_NUMERAL, SECTION_NUMERALS, FormatVersion, cell_address, is_address


class IntentKind(StrEnum):
    DRAFT = "draft"
    REVISE = "revise"
    LOOKUP = "lookup"
    CHECK_CITATION = "check_citation"
    EXPLAIN_CELL = "explain_cell"
    COMPARE = "compare"
    REVIEW = "review"
    HELP = "help"


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    message: str
    section: SectionKey | None = None
    cell: str | None = None
    value: Decimal | None = None
    subject: str = ""  # the text to check (selection or quoted words)


_SECTION_WORDS: tuple[tuple[str, SectionKey], ...] = (
    ("总体情况", SectionKey.OVERVIEW),
    ("存在的主要问题", SectionKey.PROBLEMS),
    ("主要问题", SectionKey.PROBLEMS),
    ("改进情况", SectionKey.PROBLEMS),
    ("其他需要报告", SectionKey.OTHER),
    ("信息处理费", SectionKey.OTHER),
    ("主动公开政府信息情况", SectionKey.PROACTIVE),
    ("复议、行政诉讼情况", SectionKey.REVIEW_LITIGATION),
    ("引言", SectionKey.PREFACE),
    ("前言", SectionKey.PREFACE),
)
_SECTION_NUMBER = re.compile(r"第\s*([一二三四五六1-6１-６])\s*(?:部分|节|段)|(?:^|[^第\d])([一二三四五六])、")

_DRAFT_WORDS = re.compile(r"起草|草拟|拟写|撰写|写一[下份版稿]|写个|生成|帮我写|出个?稿|初稿")
_REVISE_WORDS = re.compile(
    r"再|改[写成得为一]|修改|润色|具体一?些|简短|精简|压缩|补充|加上|写上|删[去掉除]|换个|重写|扩写")
_CHECK_WORDS = re.compile(
    r"引用?(?:得)?(?:对|准确|正确|有没有问题|有误)|(?:核对|检查|看看)(?:一下)?(?:这[句段]|引用|条文)"
    r"|引[的得]对")
_LOOKUP_WORDS = re.compile(
    r"是什么|什么内容|内容是|怎么规定|如何规定|规定了什么|讲[的了]?什么|原文|条文|说[的了]?什么|查一?下")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇两\d０-９]+条")
_EXPLAIN_WORDS = re.compile(r"为什么|为何|怎么(?:会|来的|算的?)|从哪[里儿]?来|来源|依据是什么|咋")
# Last year named as the thing to compare with (“上年结转” is a cell of this year's table).
_COMPARE_WORDS = re.compile(
    r"(?:去年|上年度?|上一年度?|前一年)(?!结转|项目)|同比|较上年|相比|对比|比较|增减|变化")
_CELL_WORDS_WITH_YEAR = re.compile(r"上年结转|上一年项目|上年项目")
_REVIEW_WORDS = re.compile(r"(?:还有)?(?:哪些|什么|多少)(?:错误|问题|提示)|检查一下(?:报告|全文)?$|审核一下|有没有错")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{4,})[”\"」』]")
_NUMBER = re.compile(r"(?<![第\d.])(\d+(?:\.\d+)?)(?![\d.]*[条款项年月日])")


def section_in(text: str) -> SectionKey | None:
    """The section a message names: "第五部分", "五、", "总体情况"…"""
    match = _SECTION_NUMBER.search(text)
    if match:
        raw = match.group(1) or match.group(2)
        if raw in SECTION_BY_NUMERAL:
            return SECTION_BY_NUMERAL[raw]
        return list(SECTION_NUMERALS)[cn_to_int(raw) - 1]
    return next((key for word, key in _SECTION_WORDS if word in text), None)


# --- cells named in words ----------------------------------------------------------------

_T3_ROWS: tuple[tuple[str, str], ...] = (
    ("上年结转", "carried_in"), ("结转下年", "carried_out"), ("结转到下年", "carried_out"),
    ("继续办理", "carried_out"), ("部分公开", "partial"), ("予以公开", "public"),
    ("办结", "handled_total"), ("办理结果", "handled_total"), ("答复", "handled_total"),
    ("新收", "new"), ("收到", "new"), ("申请数", "new"),
)
_T3_COLS: tuple[tuple[str, str], ...] = (
    ("自然人", "natural"), ("商业企业", "commercial"), ("企业", "commercial"),
    ("科研机构", "research"), ("社会公益", "nonprofit"), ("法律服务", "legal"),
    ("其他组织", "other_org"), ("总计", "total"), ("合计", "total"),
)
_T2_ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("规章", "rules", None), ("规范性文件", "normative", None),
    ("行政许可", "licensing", "decisions"), ("许可", "licensing", "decisions"),
    ("行政处罚", "penalty", "decisions"), ("处罚", "penalty", "decisions"),
    ("行政强制", "coercion", "decisions"), ("收费", "fees", "amount_wan"),
)
_T2_DOC_COLS = (("制发", "issued"), ("新制定", "issued"), ("废止", "repealed"),
                ("现行有效", "in_force"), ("有效", "in_force"))
_T4_GROUPS = (("复议后起诉", "suit_after_review"), ("直接起诉", "suit_direct"),
              ("未经复议", "suit_direct"), ("诉讼", "suit_direct"), ("复议", "review"))
_T4_COLS = (("维持", "upheld"), ("纠正", "corrected"), ("其他结果", "other"),
            ("尚未审结", "pending"), ("未审结", "pending"), ("总计", "total"))
_ADDRESS = re.compile(r"t[234]\.[a-z_0-9]+\.[a-z_]+")


def _first(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((key for word, key in table if word in text), None)


def cell_in(text: str, version: FormatVersion = FormatVersion.V2021) -> str | None:
    """The cell a message speaks of, e.g. "依申请新收" → ``t3.new.total``."""
    literal = _ADDRESS.search(text)
    if literal and is_address(version, literal.group(0)):
        return literal.group(0)
    if "复议" in text or "诉讼" in text or "起诉" in text:
        group = _first(text, _T4_GROUPS)
        if group is not None:
            return cell_address("t4", group, _first(text, _T4_COLS) or "total")
    for word, row, col in _T2_ROWS:
        if word in text:
            chosen = col or _first(text, _T2_DOC_COLS) or "in_force"
            address = cell_address("t2", row, chosen)
            return address if is_address(version, address) else None
    row3 = _first(text, _T3_ROWS)
    if row3 is not None:
        return cell_address("t3", row3, _first(text, _T3_COLS) or "total")
    return None


def number_in(text: str) -> Decimal | None:
    found = _NUMBER.findall(text)
    return Decimal(found[-1]) if found else None


# --- routing -------------------------------------------------------------------------------


def route(message: str, *, selection: str = "", last_section: SectionKey | None = None) -> Intent:
    """The intent of one chat message; ``selection`` is the text the writer had selected,
    ``last_section`` the section the conversation is about (the last draft)."""
    text = message.strip()
    quoted = _QUOTED.search(text)
    subject = selection.strip() or (quoted.group(1) if quoted else "")
    if _CHECK_WORDS.search(text):
        return Intent(IntentKind.CHECK_CITATION, text, subject=subject or _without_question(text))
    if _ARTICLE.search(text) and (_LOOKUP_WORDS.search(text) or _ARTICLE.sub("", _strip(text)) == ""
                                  or len(_strip(text)) <= 24) and not _DRAFT_WORDS.search(text):
        return Intent(IntentKind.LOOKUP, text)
    section = section_in(text)
    if _DRAFT_WORDS.search(text) and not (section is None and last_section and _REVISE_WORDS.search(text)):
        return Intent(IntentKind.DRAFT, text, section=section or last_section)
    if _COMPARE_WORDS.search(_CELL_WORDS_WITH_YEAR.sub("", text)) and not (
            _REVISE_WORDS.search(text) and (section or last_section)):
        return Intent(IntentKind.COMPARE, text, cell=cell_in(_without_years(text)))
    if _EXPLAIN_WORDS.search(text):
        cell = cell_in(text)
        if cell is not None:
            return Intent(IntentKind.EXPLAIN_CELL, text, cell=cell, value=number_in(text))
    if _REVIEW_WORDS.search(text):
        return Intent(IntentKind.REVIEW, text)
    if _REVISE_WORDS.search(text) and (section or last_section):
        return Intent(IntentKind.REVISE, text, section=section or last_section)
    return Intent(IntentKind.HELP, text, section=section)


def _without_years(text: str) -> str:
    """The message without "今年/去年" words, so that "和去年比，新收…" names 新收, not 上年结转."""
    return re.sub(r"今年|本年度?|去年|上一?年度?(?!结转)|前一年", "", text)


def _strip(text: str) -> str:
    return re.sub(r"[\s？?。！!，,、：:《》〈〉“”\"']", "", text)


def _without_question(text: str) -> str:
    """The words to check when the message itself carries them: "《条例》第三十一条引用对吗"."""
    cut = _CHECK_WORDS.search(text)
    head = text[: cut.start()] if cut else text
    head = re.sub(r"^(?:请|帮我)?(?:看看|核对一下|检查一下)?这[一]?[句段处个里样]?(?:话|引用)?", "", head)
    return head.strip(" ，,。？?")
