"""The regulation corpus: splitting into 条/款/项, metadata, versions and exact lookup."""

from __future__ import annotations

import pytest

from assistant.corpus import Status, cn_to_int, int_to_cn, load_corpus, lookup


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("三十二", 32), ("五十六", 56), ("一百零五", 105),
     ("一百一十", 110), ("49", 49), ("４９", 49), ("两", 2)],
)
def test_numerals_round_trip(text: str, number: int) -> None:
    assert cn_to_int(text) == number
    if text in ("49", "两", "４９"):
        return
    assert int_to_cn(number) == text


def test_every_article_of_the_2019_tiaoli_is_split() -> None:
    doc = load_corpus().documents["tiaoli-2019"]
    assert [a.number for a in doc.articles] == list(range(1, 57))
    assert doc.meta.doc_no == "国务院令第711号"
    art20 = doc.article(20)
    assert art20 is not None and len(art20.paragraphs) == 1 and len(art20.paragraphs[0].items) == 15
    art4 = doc.article(4)
    assert art4 is not None and [len(p.items) for p in art4.paragraphs] == [0, 5]
    art33 = doc.article(33)
    assert art33 is not None and len(art33.paragraphs) == 3
    assert art20.chapter == "第三章 主动公开"
    # the official text uses full-width brackets; the source file had half-width ones
    assert art20.paragraphs[0].items[0].text == "（一）行政法规、规章和规范性文件；"


def test_other_documents() -> None:
    corpus = load_corpus()
    jieshi = corpus.documents["jieshi-2025"]
    assert len(jieshi.articles) == 15 and jieshi.meta.doc_no == "法释〔2025〕8号"
    fee = corpus.documents["chulifei-2020"]
    art5 = fee.article(5)
    assert art5 is not None and art5.truncated and "截断" not in art5.text
    assert all(not s.official for s in fee.sections)  # the third-party excerpt is not the 办法 itself
    geshi = corpus.documents["geshi-2021"]
    assert any("篇幅原则上不超过一千字" in s.text for s in geshi.sections)
    assert not any("附件原文" in (s.heading or "") for s in geshi.sections)


@pytest.mark.parametrize(
    ("args", "year", "ref"),
    [
        (("条例", 20, None, 5), 2023, "tiaoli-2019.a20.p1.i5"),
        (("中华人民共和国政府信息公开条例", 33, 2, None), None, "tiaoli-2019.a33.p2"),
        (("新条例", 50, 1, 4), 2020, "tiaoli-2019.a50.p1.i4"),
        (("政府信息公开信息处理费管理办法", 4, 2, 3), 2022, "chulifei-2020.a4.p2.i3"),
        (("jieshi-2025", 10, None, 7), None, "jieshi-2025.a10.p2.i7"),
    ],
)
def test_exact_lookup(args: tuple[str, int, int | None, int | None], year: int | None, ref: str) -> None:
    law, article, paragraph, item = args
    passage = lookup(law, article, paragraph, item, year=year)
    assert passage is not None and passage.ref == ref


def test_versions_by_report_year() -> None:
    corpus = load_corpus()
    assert corpus.resolve("条例", 31, year=2018).status is Status.UNVERIFIABLE  # 2007 text not held
    assert corpus.resolve("条例", 39, year=2018).status is Status.NO_ARTICLE  # the 2007 text had 38
    assert corpus.resolve("条例", 39, year=2019).status is Status.FOUND
    assert corpus.resolve("条例", 57, year=2024).status is Status.NO_ARTICLE
    assert corpus.resolve("条例", 20, item=16, year=2024).status is Status.NO_ITEM
    assert corpus.resolve("条例", 20, paragraph=2, year=2024).status is Status.NO_PARAGRAPH
    assert corpus.resolve("不存在的法规", 1).status is Status.UNKNOWN_LAW
    old = corpus.documents["tiaoli-2007"].meta
    assert old.article_count == 38 and old.renumbered == {31: 49, 32: 50}
    geshi = corpus.version("中华人民共和国政府信息公开工作年度报告格式", 2020)
    assert geshi is not None and geshi.meta.doc_no == "国办公开办函〔2019〕60号"
    geshi = corpus.version("中华人民共和国政府信息公开工作年度报告格式", 2021)
    assert geshi is not None and geshi.meta.doc_no == "国办公开办函〔2021〕30号"


def test_passages_for_the_index_have_unique_refs() -> None:
    passages = list(load_corpus().passages())
    refs = [p.ref for p in passages]
    assert len(refs) == len(set(refs))
    assert "tiaoli-2019.a49" in refs and "jieshi-2025.preamble" in refs
    assert all(p.text.strip() for p in passages)
