"""The office's own rules: ``nianbao corpus add|list|remove``, then checked, searched and versioned.

The fixture ``tests/fixtures/corpus/shanghai-guiding-fixture.txt`` is a test text written on the
pattern of a local 政府信息公开规定 (its header says so); it is added under the title
《上海市政府信息公开规定》 because that is the rule the issue's sentence cites.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.citations import Outcome, check_text, summarize
from assistant.citations.local_rules import add_rule, read_rule_text, remove_rule, rule_markdown, user_rules
from assistant.cli import main
from assistant.corpus import USER_MANIFEST, Origin, load_corpus, read_user_manifest, split_articles, user_corpus_dir
from assistant.errors import NianbaoError
from assistant.retrieval.ingest import index_regulations
from assistant.retrieval.search import search
from assistant.retrieval.store import Index
from tests.retrieval.test_register import SENTENCE

FIXTURE = Path(__file__).parent.parent / "fixtures" / "corpus" / "shanghai-guiding-fixture.txt"
TITLE = "上海市政府信息公开规定"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    monkeypatch.delenv("NIANBAO_CHROMA_HOST", raising=False)
    monkeypatch.delenv("NIANBAO_CHROMA_PORT", raising=False)
    return folder


def _add(path: Path = FIXTURE, **kwargs: object) -> str:
    options: dict[str, object] = {"title": TITLE, "effective": date(2020, 8, 1), **kwargs}
    return add_rule(path, **options).document.meta.id  # type: ignore[arg-type]


def test_a_rule_is_split_like_the_national_texts(data: Path) -> None:
    rule_id = _add(issuer="上海市人民政府")
    doc = load_corpus().documents[rule_id]
    assert doc.meta.origin is Origin.USER and doc.meta.article_count == 39
    assert [a.number for a in doc.articles] == list(range(1, 40))
    assert doc.articles[0].chapter == "第一章 总则" and doc.articles[-1].chapter == "第六章 附则"
    four = doc.article(4)
    assert four is not None and [len(p.items) for p in four.paragraphs] == [5]
    thirty = doc.article(30)
    assert thirty is not None and len(thirty.paragraphs) == 3
    assert thirty.paragraphs[1].text.startswith("行政机关不能当场答复的")
    assert doc.articles[-1].text == "第三十九条 本规定自2020年8月1日起施行。"  # the page footer left out
    assert "测试夹具" in doc.preamble  # the fixture's own header stays with the text
    manifest = json.loads((data / "corpus" / "user" / USER_MANIFEST).read_text(encoding="utf-8"))
    [entry] = manifest["documents"]
    assert entry["meta"]["id"] == rule_id and entry["original"] == FIXTURE.name
    assert (data / "corpus" / "user" / f"{rule_id}.md").is_file()


def test_an_added_rule_is_checked_like_the_national_ones(data: Path) -> None:
    before = summarize(check_text(SENTENCE, year=2021))
    assert (before.verified, before.wrong, before.unverifiable) == (3, 1, 1)
    _add()
    checks = check_text(SENTENCE, year=2021)
    after = summarize(checks)
    assert (after.total, after.verified, after.wrong, after.unverifiable) == (5, 4, 1, 0)
    thirty = next(c for c in checks if c.text == "第三十条")
    assert thirty.outcome is Outcome.VERIFIED and thirty.ref is not None and thirty.ref.endswith(".a30")
    assert thirty.resolved_text is not None and "20个工作日内予以答复" in thirty.resolved_text
    missing = check_text("依据《上海市政府信息公开规定》第九十条办理。", year=2021)
    [wrong] = missing
    assert wrong.outcome is Outcome.WRONG and wrong.finding is not None
    assert wrong.finding.code == "cite.article_missing" and "共三十九条" in wrong.finding.message
    item = check_text("《上海市政府信息公开规定》第三十一条第（六）项", year=2021)
    assert item[0].finding is not None and item[0].finding.code == "cite.item_missing"


def test_the_abbreviation_a_report_declares_resolves_to_the_rule(data: Path) -> None:
    _add()
    text = "根据《上海市政府信息公开规定》（以下简称《规定》）编制。按照《规定》第三十条第二款，延长答复期限。"
    checks = [c for c in check_text(text, year=2021) if c.counted]
    assert [(c.text, c.outcome) for c in checks] == [
        ("《上海市政府信息公开规定》", Outcome.VERIFIED), ("第三十条第二款", Outcome.VERIFIED)]
    assert checks[1].ref is not None and checks[1].ref.endswith(".a30.p2")


def test_versions_resolve_by_report_year_and_removal_relinks_them(data: Path) -> None:
    old_text = FIXTURE.read_text(encoding="utf-8")
    shorter = data.parent / "2008版.txt"
    shorter.write_text("\n".join(line for line in old_text.splitlines()
                                 if not line.startswith(("第三十六条", "第三十七条", "第三十八条", "第三十九条", "（"))
                                 or line.startswith("（测试")), encoding="utf-8")
    first = _add(shorter, effective=date(2008, 5, 1))
    second = _add(effective=date(2020, 8, 1))
    corpus = load_corpus()
    assert corpus.documents[first].meta.superseded_by == second
    assert corpus.documents[first].meta.repealed == date(2020, 8, 1)
    assert corpus.documents[second].meta.supersedes == first
    text = "依据《上海市政府信息公开规定》第三十八条。"
    assert check_text(text, year=2019)[0].outcome is Outcome.WRONG  # the 2008 text had 35 articles
    assert check_text(text, year=2021)[0].outcome is Outcome.VERIFIED
    with pytest.raises(NianbaoError, match="有多个版本"):
        remove_rule(TITLE)
    removed = remove_rule(TITLE, effective=date(2020, 8, 1))
    assert removed.meta.id == second and not (data / "corpus" / "user" / f"{second}.md").exists()
    left = load_corpus().documents[first].meta
    assert left.superseded_by is None and left.repealed is None
    assert second not in load_corpus().documents


def test_docx_html_and_pdf_give_the_same_articles(data: Path, tmp_path: Path) -> None:
    import docx

    text = FIXTURE.read_text(encoding="utf-8")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    word = tmp_path / "规定.docx"
    document.save(str(word))
    page = tmp_path / "规定.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>上海市政府信息公开规定</title></head><body>"
        "<div class='nav'>首页 &gt; 政府信息公开 &gt; 法规</div><div class='article'>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
        + "</div><div class='footer'>网站标识码 3100000000 主办单位：测试</div></body></html>", encoding="utf-8")
    expected = _articles(FIXTURE)
    assert _articles(word) == expected
    assert _articles(page) == expected
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is a test dependency (scripts/system-deps.sh)"
    profile = tmp_path / "lo-profile"
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(word)], check=True, capture_output=True, timeout=300)
    assert _articles(tmp_path / "规定.pdf") == expected


def _articles(path: Path) -> list[str]:
    body = rule_markdown(read_rule_text(path), title=TITLE, name=path.name)
    return [a.text for a in split_articles(body, fullwidth=True)[1]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("上海市政府信息公开规定\n为了保障公民依法获取政府信息，制定本规定。\n本规定自2020年8月1日起施行。",
         r"没有找到条文.*第一条"),
        ("第一条　总则。\n第二条　范围。\n第四条　主管部门。\n", r"第3行：条文编号不连续.*缺少第三条"),
        ("第一条　总则。\n第二条　范围。\n第二条　主管部门。\n", r"第3行：条文编号不连续.*重复"),
        ("", r"是空的"),
    ],
)
def test_bad_rule_text_is_named_with_its_file_and_line(data: Path, tmp_path: Path, content: str,
                                                       message: str) -> None:
    path = tmp_path / "坏文本.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NianbaoError, match=message) as info:
        _add(path)
    assert "坏文本.txt" in str(info.value)
    assert not user_rules()


def test_bad_requests_get_a_clear_message(data: Path, tmp_path: Path) -> None:
    _add()
    with pytest.raises(NianbaoError, match=r"已经添加过.*nianbao corpus remove"):
        _add()
    with pytest.raises(NianbaoError, match="书写有误"):
        _add(effective=date(2021, 1, 1), doc_no="沪府令(2021)1号")
    with pytest.raises(NianbaoError, match="已在国家法规库中"):
        add_rule(FIXTURE, title="中华人民共和国政府信息公开条例", effective=date(2030, 1, 1))
    with pytest.raises(NianbaoError, match="找不到文件"):
        _add(tmp_path / "没有这个文件.txt")
    other = tmp_path / "规定.xlsx"
    other.write_bytes(b"not a rule")
    with pytest.raises(NianbaoError, match=r"不支持 \.xlsx"):
        _add(other)
    with pytest.raises(NianbaoError, match="没有“不存在的规定”"):
        remove_rule("不存在的规定")
    assert len(user_rules()) == 1


def test_a_damaged_manifest_is_named(data: Path) -> None:
    folder = user_corpus_dir()
    folder.mkdir(parents=True)
    (folder / USER_MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(NianbaoError, match=r"manifest\.json 已损坏"):
        load_corpus()


def test_cli_add_list_cite_remove(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "add", str(FIXTURE), "--title", TITLE, "--effective", "2020-08-01",
                 "--issuer", "上海市人民政府", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert f"已添加《{TITLE}》（2020年8月1日施行）" in out and "共三十九条，分六章" in out
    assert main(["corpus", "add", str(FIXTURE), "--title", TITLE, "--effective", "2020-08-01", "--no-index"]) == 2
    assert "已经添加过" in capsys.readouterr().err
    assert main(["corpus", "list", "--year", "2021"]) == 0
    listing = capsys.readouterr().out
    assert "本单位添加的法规：1 份" in listing and f"《{TITLE}》，上海市人民政府" in listing
    assert "国办发〔2021〕12号" in listing and "2021年度报告通常引用" in listing
    assert main(["corpus", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["origin"] for r in rows} == {"corpus", "register", "user"}
    assert main(["cite", SENTENCE, "--year", "2021"]) == 1
    cited = capsys.readouterr().out
    assert "5 处引用：4 处已核对、1 处有误、0 处无法核对" in cited
    assert "[已核对] 第三十条：即《上海市政府信息公开规定》第三十条" in cited
    [entry] = user_rules()
    assert main(["corpus", "remove", entry.meta.id, "--no-index"]) == 0
    assert "已移除" in capsys.readouterr().out
    assert main(["cite", SENTENCE, "--year", "2021"]) == 1
    assert "1 处无法核对（法规库中没有《上海市政府信息公开规定》）" in capsys.readouterr().out


def test_cli_rejects_a_bad_date(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["corpus", "add", str(FIXTURE), "--title", TITLE, "--effective", "2020-13-01"])
    assert "应写作 YYYY-MM-DD" in capsys.readouterr().err


@pytest.fixture
def indexed_rule(session_index: Index, data: Path) -> Iterator[str]:
    """The rule added and in the session's index; taken out of both afterwards."""
    rule_id = _add()
    try:
        assert index_regulations(session_index) > 0
        yield rule_id
    finally:
        if any(e.meta.id == rule_id for e in user_rules()):
            remove_rule(rule_id)
        index_regulations(session_index)


def test_search_finds_an_added_rule_and_loses_a_removed_one(session_index: Index, indexed_rule: str) -> None:
    hits = search(session_index, "上海市 依申请公开 不能当场答复的 答复期限", k=5)
    assert f"{indexed_rule}.a30" in [h.ref for h in hits]
    exact = search(session_index, "《上海市政府信息公开规定》第三十条", k=1)
    assert exact[0].exact and exact[0].ref == f"{indexed_rule}.a30"
    assert "20个工作日内予以答复" in exact[0].text
    remove_rule(indexed_rule)
    index_regulations(session_index)
    hits = search(session_index, "上海市 依申请公开 不能当场答复的 答复期限", k=10)
    assert not any(h.ref.startswith(indexed_rule) for h in hits)


def _add_in_process(folder: str, path: str, title: str, ready: Any) -> None:
    ready.wait()
    add_rule(Path(path), title=title, effective=date(2020, 8, 1), folder=Path(folder))


def test_two_rules_added_at_once_are_both_kept(data: Path, tmp_path: Path) -> None:
    """Two `nianbao corpus add` at the same moment: the manifest keeps both (one change at a time)."""
    text = FIXTURE.read_text(encoding="utf-8")
    titles = [f"{TITLE}（第{i}稿）" for i in range(1, 5)]
    paths = []
    for i, title in enumerate(titles):
        paths.append(tmp_path / f"rule{i}.txt")
        paths[-1].write_text(text.replace(TITLE, title), encoding="utf-8")
    folder = data / "corpus" / "user"
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    workers = [context.Process(target=_add_in_process, args=(str(folder), str(p), t, ready))
               for p, t in zip(paths, titles, strict=True)]
    for worker in workers:
        worker.start()
    ready.set()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    kept = {entry.meta.title for entry in read_user_manifest(folder).documents}
    assert kept == set(titles)
