"""More fast paths against the plain way they replace (issue 13, speed; the house pattern of
``test_fast_paths.py``), and the bench's cache clearing.

- running text after values read: what the tokens make of it, over labels that open with
  brackets, blank marks, header words skipped (表四) and noise blanked first;
- header keys found from their marks, the marks with no key's last character before them
  skipped: what ``_KEY_MARK`` finds, over every key's spelling;
- ``clear_content_caches``: a report parsed after it reads as it did the first time.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import clear_content_caches, parse_text, tables
from assistant.parsing.labels import t4_header_cell
from tests.parsing.test_fast_paths import texts
from tests.parsing.test_fast_paths_rows import assert_key_marks_as_the_pattern

EXAMPLES = settings(max_examples=600, deadline=None, derandomize=True, database=None)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

_WORDS = ("（", "(", "）", "（二）", "（空）", "（ 空）", "( 空 )", "空", "无", "无法", "二", "部分公开",
          "第二十条第（5）项", "第", "数据1", "列", "Column", "行政诉讼", "结果维持", "·", "、", "：", "|",
          " ", "\u3000", "0", "12", "3件", "-", "—", "/", ".5", "a")


@EXAMPLES
@given(texts(*_WORDS, max_size=8), st.integers(0, 3), st.integers(1, 8), st.integers(1, 3),
       st.booleans())
def test_running_after_values_reads_as_the_tokens(text: str, before: int, n: int, rows: int,
                                                  skipping: bool) -> None:
    skip = t4_header_cell() if skipping else None
    fast = tables._ValueReader(n, skip, "", rows)
    plain = tables._ValueReader(n, skip, "", rows)
    for reader in (fast, plain):
        reader.chunks.extend(tables.Chunk("0", "0", 0, True) for _ in range(before))
    assert fast.running(text, 1) == plain.tokens(text, 1)
    assert fast.chunks == plain.chunks


_KEYS = ("标题", "题名", "名称", "文件名称", "发布机构", "发 文 机 关", "来源", "信息来源", "发布时间", "发布日期",
         "成文日期", "原文链接", "网址", "URL", "url", "Source", "source", "索引号", "文号", "体裁", "关键词",
         "有效性", "公开方式", "公开范围")


@EXAMPLES
@given(texts(" ", "\t", "\n", "*", "**", "：", ":", "|", "｜", "某某局", "。", "1", "题", "源", *_KEYS,
             max_size=14), st.data())
def test_key_marks_search_as_the_pattern_for_every_key(text: str, data: st.DataObject) -> None:
    assert_key_marks_as_the_pattern(text, data)


def test_reports_parse_alike_after_the_content_caches_are_cleared() -> None:
    paths = sorted((FIXTURES / "samples").glob("*.txt"))
    assert paths
    for path in paths:
        text = path.read_text("utf-8")
        first = repr(parse_text(text).model_dump())
        assert repr(parse_text(text).model_dump()) == first  # blocks of cells taken from the cache
        clear_content_caches()
        assert not tables._BLOCK_CACHE
        assert repr(parse_text(text).model_dump()) == first
