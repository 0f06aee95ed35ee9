"""Normalising input text and reading printed numbers.

Every input format ends up as one normalised text: line breaks are ``\\n``, full-width digits
are ASCII, odd spaces are plain spaces and control characters are gone. Punctuation is kept
as printed (the narrative is shown to users); label matching tolerates its variants instead.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache

from assistant.cells import ValueKind
from assistant.errors import UnreadableInput

SEP = "\x00"  # separates table cells in a cell stream; never part of normalised text
MERGED = "\x01"  # a grid slot covered by a number merged down from the row above

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACES = "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\t\v\f"


@cache
def _translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for i in range(10):
        table[0xFF10 + i] = str(i)  # full-width digits
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _ZERO_WIDTH:
        table[ord(ch)] = None
    for code in range(0x20):
        if code != 0x0A and chr(code) not in _SPACES:
            table[code] = None
    table[0x7F] = None
    table[0xFF0D] = "-"  # full-width hyphen-minus
    table[0x2212] = "-"  # minus sign
    table[0xFF0E] = "."  # full-width full stop, as in "1．属于国家秘密"
    return table


@cache
def _odd_characters() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in _translation()) + "]")


def normalise_text(text: str) -> str:
    """The canonical form every parser works on (offsets refer to it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _may_have_odd(text):
        return text  # nothing to map: most texts (the sub below tries every position)
    table = _translation()
    return _odd_characters().sub(lambda m: table[ord(m.group())] or "", text)


# The characters _translation maps that str.isprintable() takes for printable (full-width
# digits, hyphen and full stop, the minus sign): all the others (controls, odd spaces,
# zero-width characters) are not printable.
_PRINTABLE_ODD = "".join(chr(code) for code in _translation() if chr(code).isprintable())


def _may_have_odd(text: str) -> bool:
    """Whether ``text`` may hold a character ``_odd_characters`` matches (``False``: it holds
    none). str.isprintable() runs in C at a fraction of the cost of the regex's character
    class tried at every position; "\\n" is not printable and not odd, so it is made a space
    first. A non-printable character that is not odd (U+2028) only sends the text the slow way."""
    if not text.replace("\n", " ").isprintable():
        return True
    return any(ch in text for ch in _PRINTABLE_ODD)


# --- what viewers and converters add: page numbers and running headers ------------------------

# The spaces before a mark are possessive ("*+"): every mark opens with something else, so
# giving some back could not help, and a line of many spaces would be tried again and again.
_PAGE_MARK = re.compile(
    r"^[ \t]*+(?=[-－—–~～第共\dPp·•<])(?:"  # the first characters of the marks, looked at first
    r"[-－—–~～]{1,2}[ \t]*(?P<a>\d{1,3})[ \t]*[-－—–~～]{1,2}"  # -3-  — 3 —
    r"|第[ \t]*(?P<b>\d{1,3})[ \t]*页(?:[ \t]*[，,/／]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?"  # 第3页 共5页
    r"|共[ \t]*\d{1,3}[ \t]*页[ \t]*[，,/／]?[ \t]*第[ \t]*(?P<c>\d{1,3})[ \t]*页"
    r"|(?P<d>\d{1,3})[ \t]*[/／][ \t]*(?P<e>\d{1,3})"  # 3 / 5
    r"|(?:[Pp]age|PAGE)[ \t]*(?P<f>\d{1,3})(?:[ \t]*(?:of|/)[ \t]*\d{1,3})?"
    r"|[·•][ \t]*\d{1,3}[ \t]*[·•]"
    r"|<!--[^\n]{0,40}?(?:[Pp]age|页)[^\n]{0,40}?-->"
    r")[ \t]*$",
    re.MULTILINE,
)
_HEADER_LINE = re.compile(r"报告|公开|政府|人民|委员会|[局厅办室处]$")
# The same after a line break: a literal first character, which the regex engine finds fast
# (it would try "^" at every position).
_PAGE_MARK_AFTER_BREAK = re.compile("\n" + _PAGE_MARK.pattern.removeprefix("^"), re.MULTILINE)


def _page_marks(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that are page numbers."""
    found = []
    first = _PAGE_MARK.match(text)
    if first is not None and _is_page_mark(first):
        found.append(first.span())
    for m in _PAGE_MARK_AFTER_BREAK.finditer(text):
        if _is_page_mark(m):
            found.append((m.start() + 1, m.end()))
    return found


def blank_page_furniture(text: str) -> str:
    """``text`` with page numbers ("-3-", "第3页", "3 / 5") and running headers (a short line
    repeated next to them) blanked out, keeping every offset: what PDF viewers and converters
    print between the lines of a report, in the middle of a table row or a sentence."""
    marks = _page_marks(text)
    if not marks:
        return text
    blanked: set[int] = set()
    line, pos = 0, 0
    for start, _ in marks:
        line += text.count("\n", pos, start)
        pos = start
        blanked.add(line)
    return blank_spans(text, marks + _running_headers(text, blanked))


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters in ``spans`` replaced by spaces (same length; spans may
    overlap or reach past the end)."""
    pieces = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        end = min(end, len(text))
        if end <= start:
            continue
        pieces.append(text[pos:start])
        pieces.append(" " * (end - start))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _is_page_mark(m: re.Match[str]) -> bool:
    if m.group("d") is not None:
        return 0 < int(m.group("d")) <= int(m.group("e")) <= 999
    return True


def headers_near(lines: list[str], marks: set[int]) -> set[str]:
    """The stripped short lines with a header's look that stand right before or after a page
    number (``marks``: their line numbers), blank lines skipped: the candidates for a running
    header."""
    near: set[str] = set()
    for index in marks:
        for step in (-1, 1):
            j = index + step
            while 0 <= j < len(lines) and not lines[j].strip():
                j += step
            if 0 <= j < len(lines):
                key = lines[j].strip()
                if 4 <= len(key) <= 60 and _HEADER_LINE.search(key):
                    near.add(key)
    return near


def _running_headers(text: str, marks: set[int]) -> list[tuple[int, int]]:
    """Spans of the short lines that repeat and stand right before or after a page number
    (``marks``: their line numbers), everywhere (but at the top of the report, where it is
    the title)."""
    lines = text.split("\n")
    near = headers_near(lines, marks)
    if not near:
        return []
    first_text = next((i for i, line in enumerate(lines) if line.strip()), 0)
    # where the lines after the top three from the first with text start
    top_end = sum(map(len, lines[:first_text + 3])) + first_text + 3
    spans: list[tuple[int, int]] = []
    for key in near:
        found = _lines_reading(text, key)
        if len(found) >= 2:
            spans.extend(span for span in found if span[0] >= top_end)
    return spans


def _lines_reading(text: str, key: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``text`` that read ``key`` (stripped, which it is), found with
    str.find rather than line by line. Such a line holds ``key`` once, after its spaces."""
    spans = []
    at = text.find(key)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if text[start:end].strip() == key:
            spans.append((start, end))
            at = text.find(key, end)
        else:
            at = text.find(key, at + 1)
    return spans


# --- decoding ------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Decode a report file: BOM, then a declared charset, then UTF-8, then GB18030."""
    return decode_with_codec(data, name=name, declared=declared)[0]


def decode_with_codec(data: bytes, *, name: str, declared: str | None = None) -> tuple[str, str]:
    """:func:`decode_bytes`, and the codec that decoded the text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"文件 {name} 的编码（{encoding}）损坏，无法读取") from exc
    tried: list[str] = []
    if declared:
        alias = _charset_alias(declared)
        if alias:
            tried.append(alias)
    for encoding in (*tried, "utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableInput(f"文件 {name} 不是可识别的文本（既不是 UTF-8 也不是 GB18030 编码）")


def _charset_alias(declared: str) -> str | None:
    label = declared.strip().strip("\"'").lower()
    if label in {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"}:
        return "gb18030"  # a superset: pages labelled GB2312 routinely contain GBK characters
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# What an odd glyph is (the reference for looks_binary, which counts them faster).
_ODD_GLYPH = re.compile("[\ufffd\ue000-\uf8ff]")
# The high bytes of the UTF-16 code units of the private-use characters U+E000-U+F8FF: no
# other code unit has one (a surrogate's is D8-DF).
_PRIVATE_USE_HIGH_BYTES = bytes(range(0xE0, 0xF9))


def looks_binary(text: str) -> bool:
    """Decoded text that is mostly replacement or private-use characters: not a report."""
    if not text:
        return False
    sample = text[:4000]
    return _odd_glyphs(sample) > len(sample) // 20


def _odd_glyphs(text: str) -> int:
    """How many characters of ``text`` ``_ODD_GLYPH`` matches: the UTF-16 code units whose
    high byte is a private-use one (bytes.translate deletes those, in C, where a character
    class would be tried at every position), and the U+FFFD."""
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    private = len(high) - len(high.translate(None, _PRIVATE_USE_HIGH_BYTES))
    # "in" finds the character by memchr on its low byte; count compares every character
    return private + text.count("\ufffd") if "\ufffd" in text else private


# --- printed numbers -------------------------------------------------------------------------

BLANK_MARKS = frozenset({"", "（空）", "(空)", "/", "／", "\\", "-", "--", "—", "——", "–", "无", "空"})
_NUMBER_RE = re.compile(
    r"(?P<num>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>万元|元|件|个|项|次|人|条)?"
)
_CANONICAL = {
    ValueKind.COUNT: re.compile(r"0|[1-9]\d*"),
    ValueKind.DELTA: re.compile(r"-?(?:0|[1-9]\d*)"),
    ValueKind.AMOUNT: re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}


def is_blank_mark(text: str) -> bool:
    return "".join(text.split()) in BLANK_MARKS


def number_text(text: str) -> tuple[str, str] | None:
    """``(digits, unit)`` when the whole text is one printed number, else ``None``."""
    m = _NUMBER_RE.fullmatch(text.strip())
    if not m:
        return None
    return m.group("num").replace(",", ""), m.group("unit") or ""


def valid_part(digits: str, kind: ValueKind) -> bool:
    """Whether a piece cut out of digits run together can be one cell of this kind."""
    return _CANONICAL[kind].fullmatch(digits) is not None


def cell_value(digits: str, kind: ValueKind) -> int | Decimal | None:
    """The value of a printed number in a cell of this kind; ``None`` when it cannot be one."""
    if kind is not ValueKind.AMOUNT and digits.isascii() and digits.isdigit():
        return int(digits)  # the common case
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if kind is ValueKind.AMOUNT:
        return number
    if number != number.to_integral_value():
        return None
    return int(number)
