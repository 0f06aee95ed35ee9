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

MIN_FREQUENCY = 3  # jieba's rarest entries are noise for this purpose
COMMON_DOUBLE_FREQUENCY = 100  # a doubled word this frequent is a word, not a typo
_ENTRY = re.compile(r"^(\S{2,4}) (\d+)", re.MULTILINE)
_DOUBLED = re.compile(r"(.)\1")

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
    """The word lists (empty when jieba's dictionary cannot be found)."""
    path = _dictionary_path()
    if path is None:
        return Lexicon(frozenset(), frozenset(), frozenset())
    words, doubled, common = set(), set(), set()
    for m in _ENTRY.finditer(path.read_text(encoding="utf-8")):
        word, freq = m.group(1), int(m.group(2))
        if len(word) == 2:
            if freq >= MIN_FREQUENCY:
                words.add(word)
            if word[0] == word[1] and freq >= COMMON_DOUBLE_FREQUENCY:
                common.add(word)
        elif _DOUBLED.search(word):
            doubled.add(word)
    return Lexicon(frozenset(words), frozenset(doubled) | DOUBLED_PHRASES, frozenset(common))
