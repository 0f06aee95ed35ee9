"""Words, for telling a duplicated character ("园区区") from a legitimate double ("工作作风").

The word list is jieba's dictionary (a project dependency), read once on first use, never at
import time. Only what the proofreader asks is kept: two-character words, and longer words with
a doubled character in them ("息息相关", "沉甸甸").
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# jieba's dictionary has one "word frequency tag" a line. Two-character words seen at least 3
# times (its rarest entries are noise here); 3–4 character words with a doubled character in
# them; doubled words seen at least 100 times (a word, not a typo).
_TWO_CHAR = re.compile(r"^(\S\S) (?:[3-9]|[1-9]\d+) ", re.MULTILINE)
_WITH_DOUBLE = re.compile(r"^(?=\S{3,4} )(\S*?(\S)\2\S*?) ", re.MULTILINE)
_COMMON_DOUBLE = re.compile(r"^((\S)\2) [1-9]\d\d+ ", re.MULTILINE)

# Reduplications common in reports (whatever the dictionary says about them).
REDUPLICATIONS = frozenset((
    "常常", "人人", "天天", "年年", "月月", "日日", "时时", "处处", "事事", "个个", "件件", "条条",
    "项项", "层层", "步步", "一一", "多多", "好好", "大大", "紧紧", "牢牢", "稳稳", "深深", "渐渐",
    "刚刚", "仅仅", "往往", "纷纷", "频频", "默默", "久久", "家家", "户户", "村村", "面面", "头头",
    "节节", "声声", "句句", "字字", "点点", "滴滴", "种种", "样样", "谈谈", "看看", "想想", "试试",
    "说说", "等等", "次次", "场场", "篇篇", "份份", "期期", "批批", "级级", "环环", "岗岗", "单单",
    "细细", "早早", "满满", "足足", "整整", "切切", "息息", "源源", "井井", "蒸蒸", "欣欣", "津津",
    "历历", "比比", "屡屡", "连连", "匆匆", "明明", "稍稍", "略略", "渐渐", "悄悄", "轻轻", "慢慢",
))
# Phrases of reports with a double in them that the dictionary lacks ("县县通": every county).
DOUBLED_PHRASES = frozenset((
    "县县通", "乡乡通", "镇镇通", "村村通", "户户通", "组组通", "县县有", "乡乡有", "镇镇有", "村村有",
    "市市通", "区区通",
))
# Doubles that the dictionary lists as words but that, in a report, are usually a slip.
SUSPECT_DOUBLES = frozenset((
    "区区", "开开", "做做", "学学", "本本", "组组", "出出", "管管", "网网", "县县", "市市", "局局",
    "的的", "了了", "和和", "是是",
))


@dataclass(frozen=True)
class Lexicon:
    words: frozenset[str]  # two-character words
    doubled: frozenset[str]  # 3–4 character words containing a doubled character
    common_doubles: frozenset[str]  # "AA" words frequent enough to be taken as words


def _dictionary_path() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


@cache
def lexicon() -> Lexicon:
    """The word lists (empty when jieba's dictionary cannot be found); read once, ~0.2 s."""
    path = _dictionary_path()
    if path is None:
        return Lexicon(frozenset(), frozenset(), frozenset())
    text = path.read_text(encoding="utf-8")
    return Lexicon(
        words=frozenset(_TWO_CHAR.findall(text)),
        doubled=frozenset(word for word, _ in _WITH_DOUBLE.findall(text)) | DOUBLED_PHRASES,
        common_doubles=frozenset(word for word, _ in _COMMON_DOUBLE.findall(text)),
    )
