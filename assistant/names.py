"""What a person reads for the things the core names by code: rules, models, files, messages.

The core identifies rules by code (``t3.column_balance``), facts and passages by id
(``d.suits``, ``tiaoli-2019.a50``) and files by path. A screen shows names instead:
``rule_name`` for a rule, ``model_label`` for a model (“模板” for the template drafter),
``file_label`` for a file (its name, never its folder), and ``plain_message`` for a message
that may carry a path or the operating system's English (“No such file or directory”).
"""

from __future__ import annotations

import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from assistant.checks.rules import RULES
from assistant.form import TABLE_NAMES
from assistant.llm import TEMPLATE

# Rule families, named as the review list names them.
FAMILY_NAMES: dict[str, str] = {
    **TABLE_NAMES, "xyear": "跨年度", "text": "正文数字",
    "struct": "结构", "proof": "校对", "parse": "解析", "cite": "引用", "docno": "文号",
    "citation": "引用", "repeat": "雷同", "draft": "依据", "ledger": "台账",
}

# The codes made outside the report checks (the citation checker's, the drafting guards', the
# ledger's), by their names in the one registry (``RULES``), for callers that list them apart.
EXTRA_RULE_NAMES: dict[str, str] = {
    code: rule.description for code, rule in RULES.items() if rule.family in ("cite", "draft", "ledger")
}

TEMPLATE_LABEL = "模板"


def rule_name(code: str) -> str:
    """The Chinese name of a rule code; never the code itself (an unknown code is named by its
    family: “引用核对”)."""
    rule = RULES.get(code)
    if rule is not None:
        return rule.description
    family = code.split(".", 1)[0]
    return f"{FAMILY_NAMES.get(family, '其他')}核对"


def family_name(code: str) -> str:
    """The family of a rule code in words: ``t3.row_sum`` → 表三."""
    family = code.split(".", 1)[0]
    return FAMILY_NAMES.get(family, "其他")


def model_label(model: str) -> str:
    """A model as the writer reads it: the template drafter is “模板”; a provider's model keeps
    its product name (``deepseek:deepseek-chat``); ``template+X`` (a polished template draft)
    reads “模板+X”."""
    return "+".join(TEMPLATE_LABEL if part.strip() == TEMPLATE else part
                    for part in model.split("+"))


def file_label(path: str | PurePath) -> str:
    """A file by its name alone: no folder (an upload folder, the data folder) is ever shown."""
    text = str(path).rstrip("/\\")
    if not text:
        return ""
    if "\\" in text and "/" not in text:
        return PureWindowsPath(text).name or text
    return PurePosixPath(text).name or text


# An absolute path: POSIX (/tmp/gradio/…/x.txt), home (~/…) or Windows (C:\…); it ends at a
# space or at punctuation that does not belong to a file name (Chinese punctuation, quotes,
# brackets). ``file://`` URLs are included.
_PATH_END = r"\s，。；：、！？（）()「」『』“”\"'<>|\[\]【】《》"
_PATH = re.compile(
    rf"(?<![\w.:/~-])(?:file://)?(?:~|[A-Za-z]:)?(?:[/\\][^{_PATH_END}/\\]+)+[/\\]?"
    rf"|(?<![\w.:/~-])(?:[\w.-]+/){{2,}}[^{_PATH_END}/]*\.\w{{1,5}}(?![\w/])"
)

# The operating system's error texts (``OSError.strerror``), in Chinese.
OS_ERRORS: dict[str, str] = {
    "No such file or directory": "文件不存在",
    "Permission denied": "没有访问权限",
    "No space left on device": "磁盘空间不足",
    "Is a directory": "这是一个文件夹，不是文件",
    "Not a directory": "不是文件夹",
    "Read-only file system": "文件系统只读，无法写入",
    "File exists": "文件已存在",
    "Directory not empty": "文件夹不为空",
    "File name too long": "文件名过长",
    "Too many open files": "打开的文件过多，请稍后重试",
    "Disk quota exceeded": "磁盘配额已用完",
    "Input/output error": "读写文件时出错",
    "Operation not permitted": "操作不被允许",
    "Resource temporarily unavailable": "资源暂时不可用，请稍后重试",
    "Connection refused": "连接被拒绝",
    "Connection reset by peer": "连接被中断",
    "Timed out": "超时",
    "timed out": "超时",
}
_ERRNO = re.compile(r"\[(?:Errno|WinError) -?\d+\]\s*")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Latin words a message may keep: formats and products the writer knows by these names.
KEPT_LATIN = frozenset({"docx", "pdf", "html", "htm", "json", "xlsx", "xls", "csv", "txt", "doc",
                        "wps", "rtf", "odt", "word", "excel", "markdown", "utf", "gbk", "bom",
                        "llm", "api", "url", "key", "base"})
_CJK = re.compile(r"[\u3400-\u9fff]")
# A parenthesised detail, or a detail after a colon up to the end of the message.
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")
_TAIL = re.compile(r"[：:]\s*([^：:]*)$")


def _foreign(detail: str) -> bool:
    """True for a detail that is English a writer cannot read (a library's exception text)."""
    if _CJK.search(detail):
        return False
    words = [w for w in _LATIN_WORD.findall(detail) if w.lower() not in KEPT_LATIN]
    return bool(words)


def without_paths(text: str) -> str:
    """``text`` with every file path (absolute, or relative with two folders or more) replaced
    by the file's name."""
    return _PATH.sub(lambda m: file_label(m.group(0).removeprefix("file://")), text)


def plain_message(text: str) -> str:
    """``text`` for the screen: every path named by its file name only, the operating system's
    English errors in Chinese, and a library's English detail (“（File is not a zip file）”)
    left out."""
    out = without_paths(text)
    out = _ERRNO.sub("", out)
    for english, chinese in OS_ERRORS.items():
        out = out.replace(english, chinese)
    out = _PAREN.sub(lambda m: "" if _foreign(m.group(1)) else m.group(0), out)
    tail = _TAIL.search(out)
    if tail is not None and _foreign(tail.group(1)):
        out = out[: tail.start()]
    return out.strip() or text
