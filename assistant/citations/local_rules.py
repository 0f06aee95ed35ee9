"""The office's own rules: a province's or city's 政府信息公开 rule, added from its published text.

``add_rule(path, …)`` reads a .txt/.md, .docx, .pdf or .html file, splits it into 条/款/项 with
the splitter the national texts use (:func:`assistant.corpus.split_articles`), and keeps it in
the data folder (``<NIANBAO_DATA_DIR>/corpus/user/``): the text as Markdown, one file per rule,
and its metadata in ``manifest.json`` (written atomically). From then on :func:`load_corpus`
holds it beside the national texts, so the citation checker, the exact lookup of ``search`` and
the chat resolve it; the retrieval index takes it in on its next update
(:func:`assistant.retrieval.ingest.index_regulations`). ``remove_rule`` takes it out again.

Versions: rules with one title (or linked with ``replaces``) form one family; each version is in
force from its ``effective`` date until the next version's, so a report year resolves to the
version in force on 31 December of that year, as for the 条例.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from assistant.atomic import write_text
from assistant.corpus import (
    CN_NUMERAL_CHARS,
    USER_ID_PREFIX,
    USER_MANIFEST,
    Document,
    LawMeta,
    Origin,
    Structure,
    UserEntry,
    UserManifest,
    cn_date,
    cn_to_int,
    int_to_cn,
    load_corpus,
    normalize_doc_no,
    normalize_name,
    read_user_manifest,
    split_articles,
    user_corpus_dir,
)
from assistant.errors import NianbaoError, UnreadableInput

RULE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm",
                                  ".shtml", ".xhtml")
_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|div|p)[\s>/]", re.I)
_CN = CN_NUMERAL_CHARS
_CHAPTER = re.compile(rf"^第[{_CN}]+[编章]\s*\S.{{0,40}}$")
_PART = re.compile(rf"^第[{_CN}]+节\s*\S.{{0,40}}$")
_ARTICLE = re.compile(rf"^第\s*([{_CN}0-9]+)\s*条(?P<space>[\s\u3000]*)(?P<rest>.*)$")
_ITEM = re.compile(rf"^[（(][{_CN}]+[）)]")
_SENTENCE_END = ("。", "；", "：", "！", "？", "”", "」", ";", ":")
_END = (*_SENTENCE_END, "）", ")")
# A reference at the start of a wrapped line ("第十条规定的情形……") is not a new article.
_REFERENCE_AFTER = re.compile(r"^(?:规定|所称|所列|所述|的|之|中|第)")


@dataclass(frozen=True)
class Added:
    """What ``add_rule`` stored: the document as the corpus now holds it."""

    document: Document  # its meta says which version it follows (supersedes) or precedes


# --- reading the file ------------------------------------------------------------------------


def read_rule_text(path: Path) -> str:
    """The text of a rule file, whatever its format; a clear Chinese error naming the file."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableInput(f"找不到文件：{name}") from exc
    except IsADirectoryError as exc:
        raise UnreadableInput(f"{name} 是文件夹，请给出一个法规文件") from exc
    except OSError as exc:
        raise UnreadableInput(f"无法读取文件 {name}：{exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableInput(f"文件 {name} 是空的")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF"):
        from assistant.parsing.pdf import pdf_document

        return pdf_document(data, name=name).document.text
    if data.startswith(b"PK\x03\x04"):
        if suffix not in ("", ".docx"):
            raise UnreadableInput(f"{name} 是压缩包，不是 Word 文档（.docx）")
        from assistant.parsing.docx import docx_document

        return docx_document(data, name=name).text
    if suffix not in RULE_SUFFIXES and suffix:
        known = "、".join(s for s in RULE_SUFFIXES if s not in (".text", ".markdown", ".shtml", ".xhtml"))
        raise UnreadableInput(f"{name}：不支持 {suffix} 文件，请另存为以下格式之一：{known}")
    if suffix in _HTML_SUFFIXES or (suffix not in (".md", ".markdown") and _HTML_SNIFF.search(data[:4096])):
        from assistant.parsing.html import html_document

        return html_document(data, name=name).text
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInput(f"文件 {name} 是二进制文件，不是法规文本")
    from assistant.parsing.document import document_from_text
    from assistant.parsing.normalise import decode_bytes

    return document_from_text(decode_bytes(data, name=name)).text


# --- shaping the text the way the national texts are kept --------------------------------------


def rule_markdown(text: str, *, title: str, name: str) -> str:
    """The body of a rule as the corpus keeps its texts: chapters as ``##`` headings, each article
    on a line starting ``第X条 ``, each paragraph (款) and item (项) on its own line. Lines a
    PDF or a web page wrapped inside a sentence are joined again.

    Raises :class:`NianbaoError` naming ``name`` and the line when no article is found or the
    article numbers skip or repeat."""
    lines = [ln.strip() for ln in _split_run_together(text).splitlines()]
    wanted = normalize_name(title)
    out: list[str] = []
    expected = 1
    in_articles = False
    open_paragraph = False  # the last output line is an article's text that may go on
    for number, line in enumerate(lines, start=1):
        if not line or line == "---" or line.startswith("#"):
            open_paragraph = open_paragraph and not line.startswith("#") and line != "---"
            continue
        if not in_articles and normalize_name(line) == wanted:
            continue  # the title line: the corpus file has its own heading
        heading = _CHAPTER.match(line) or _PART.match(line)
        if heading and not line.endswith(_END):
            out.append(("## " if _CHAPTER.match(line) else "### ") + re.sub(r"\s+", " ", line))
            open_paragraph = False
            continue
        article = _ARTICLE.match(line)
        if article is not None:
            value = _article_number(article.group(1))
            spaced = bool(article.group("space")) or not article.group("rest")
            if value == expected and (spaced or not _REFERENCE_AFTER.match(article.group("rest"))):
                out.append(f"第{int_to_cn(value)}条 {article.group('rest').strip()}".rstrip())
                expected, in_articles, open_paragraph = value + 1, True, True
                continue
            if spaced and in_articles and value is not None:
                what = "重复" if value < expected else f"缺少第{int_to_cn(expected)}条"
                raise NianbaoError(
                    f"{name} 第{number}行：条文编号不连续（第{int_to_cn(expected - 1)}条之后是"
                    f"第{int_to_cn(value)}条，{what}），请核对原文"
                )
        if in_articles and open_paragraph and not out[-1].endswith(_END) and not _ITEM.match(line):
            out[-1] += line  # a line wrapped inside a sentence
            continue
        out.append(line)
        open_paragraph = in_articles
    if not in_articles:
        raise NianbaoError(
            f"{name} 中没有找到条文：法规正文应按“第一条　……”“第二条　……”分条书写"
            "（章节标题“第一章　总则”可有可无）"
        )
    return "\n".join(_without_trailer(out)) + "\n"


def _article_number(raw: str) -> int | None:
    try:
        return cn_to_int(raw)
    except ValueError:
        return None


def _split_run_together(text: str) -> str:
    """Articles a page ran into one paragraph (“……。第二条　……”) put on their own lines."""
    return re.sub(rf"([。；])[ \t]*(?=第[{_CN}]+条[ \t\u3000])", r"\1\n", text)


def _without_trailer(lines: list[str]) -> list[str]:
    """A web page's footer after the last article (lines that end no sentence) left out."""
    while lines and not (lines[-1].startswith(("第", "##")) or _ITEM.match(lines[-1])
                         or lines[-1].endswith(_SENTENCE_END)):
        lines.pop()
    return lines


# --- the manifest ----------------------------------------------------------------------------------


def _short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def _write_manifest(folder: Path, entries: Sequence[UserEntry]) -> None:
    manifest = UserManifest(documents=tuple(entries))
    write_text(folder / USER_MANIFEST, manifest.model_dump_json(indent=2) + "\n")


def _rechain(entries: list[UserEntry], family: str) -> list[UserEntry]:
    """The versions of one family, ordered by their effective dates, each replaced by the next."""
    members = sorted((e for e in entries if e.meta.family == family), key=lambda e: e.meta.effective or date.min)
    links: dict[str, dict[str, object]] = {}
    for index, entry in enumerate(members):
        before = members[index - 1].meta if index > 0 else None
        after = members[index + 1].meta if index + 1 < len(members) else None
        links[entry.meta.id] = {
            "supersedes": before.id if before else None,
            "superseded_by": after.id if after else None,
            "repealed": after.effective if after else None,
        }
    return [
        e.model_copy(update={"meta": e.meta.model_copy(update=links[e.meta.id])}) if e.meta.id in links else e
        for e in entries
    ]


def user_rules() -> list[UserEntry]:
    """The office's own rules, as the manifest lists them."""
    return list(read_user_manifest(user_corpus_dir()).documents)


def find_rule(key: str, entries: Sequence[UserEntry], effective: date | None = None) -> UserEntry:
    """The rule ``key`` names: its id, or its title (with ``effective`` when it has versions)."""
    by_id = [e for e in entries if e.meta.id == key]
    if by_id:
        return by_id[0]
    wanted = normalize_name(key)
    named = [e for e in entries if wanted in {normalize_name(n) for n in (e.meta.title, *e.meta.names)}]
    if effective is not None:
        named = [e for e in named if e.meta.effective == effective]
    if not named:
        listed = "、".join(f"{e.meta.id}《{e.meta.title}》" for e in entries) or "（还没有添加任何文件）"
        raise NianbaoError(f"本单位添加的法规中没有“{key}”。已添加：{listed}")
    if len(named) > 1:
        versions = "、".join(f"{e.meta.id}（{cn_date(e.meta.effective)}施行）" for e in named if e.meta.effective)
        raise NianbaoError(f"《{named[0].meta.title}》有多个版本：{versions}；请写编号，或加 --effective 指明版本")
    return named[0]


# --- adding and removing ----------------------------------------------------------------------------

LOCK_FILE = ".lock"  # beside the manifest: held while the office's corpus is changed


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One change of the office's corpus at a time (two ``nianbao corpus add`` run at once would
    each write the manifest without the other's rule)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def add_rule(
    path: Path, *, title: str, effective: date, doc_no: str | None = None, issuer: str | None = None,
    issued: date | None = None, replaces: str | None = None, short_names: Sequence[str] = (),
    names: Sequence[str] = (), folder: Path | None = None,
) -> Added:
    """Add the rule in ``path`` to the office's corpus; see the module docstring."""
    folder = folder or user_corpus_dir()
    with _locked(folder):
        return _add_rule(path, title=title, effective=effective, doc_no=doc_no, issuer=issuer, issued=issued,
                         replaces=replaces, short_names=short_names, names=names, folder=folder)


def _add_rule(
    path: Path, *, title: str, effective: date, doc_no: str | None, issuer: str | None, issued: date | None,
    replaces: str | None, short_names: Sequence[str], names: Sequence[str], folder: Path,
) -> Added:
    title = title.strip().strip("《》").strip()
    if not title:
        raise NianbaoError("请用 --title 写明法规名称（如“上海市政府信息公开规定”）")
    doc_no = _checked_doc_no(doc_no)
    if issued is not None and issued > effective:
        raise NianbaoError(f"发布日期 {issued} 晚于施行日期 {effective}，请核对")
    data_text = read_rule_text(path)
    body = rule_markdown(data_text, title=title, name=str(path))
    preamble, articles, _rest = split_articles(body, fullwidth=True)
    entries = list(read_user_manifest(folder).documents)
    wanted = normalize_name(title)
    corpus = load_corpus(user=False)
    national = [d for d in corpus.docs_named(title) if d.meta.origin is not Origin.USER]
    if national:
        raise NianbaoError(f"《{title}》已在国家法规库中（{national[0].meta.describe()}），无需添加")
    same_title = [e for e in entries if normalize_name(e.meta.title) == wanted]
    duplicate = next((e for e in same_title if e.meta.effective == effective), None)
    if duplicate is not None:
        raise NianbaoError(
            f"《{title}》（{cn_date(effective)}施行）已经添加过（编号 {duplicate.meta.id}）；"
            f"如需换用新的文本，请先运行 nianbao corpus remove {duplicate.meta.id}"
        )
    if doc_no is not None:
        key = normalize_doc_no(doc_no)
        clash = next((e for e in entries if e.meta.doc_no and normalize_doc_no(e.meta.doc_no) == key), None)
        if clash is not None or corpus.by_doc_no(doc_no) is not None:
            owner = clash.meta.title if clash else title
            raise NianbaoError(f"文号 {doc_no} 已属于《{owner}》，请核对 --doc-no")
    replaced = find_rule(replaces, entries) if replaces else None
    family = (same_title[0].meta.family if same_title else replaced.meta.family if replaced
              else f"{USER_ID_PREFIX}{_short_hash(wanted)}")
    rule_id = f"{USER_ID_PREFIX}{_short_hash(wanted, effective.isoformat())}"
    all_names = list(dict.fromkeys([title, *(n.strip().strip("《》") for n in names if n.strip())]))
    if title.startswith("中华人民共和国"):
        all_names.append(title.removeprefix("中华人民共和国"))
    meta = LawMeta(
        id=rule_id, family=family, kind="local_rule", title=title, version=f"{cn_date(effective)}施行",
        names=tuple(all_names), short_names=tuple(s.strip().strip("《》") for s in short_names if s.strip()),
        doc_no=doc_no, issuer=issuer, issued=issued, effective=effective, file=f"{rule_id}.md",
        structure=Structure.ARTICLES, article_count=len(articles), complete=True, fullwidth_punctuation=True,
        source=f"本单位添加，原文件 {path.name}", origin=Origin.USER,
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = UserEntry(meta=meta, original=path.name, sha256=digest, added=datetime.now().isoformat(timespec="seconds"))
    folder.mkdir(parents=True, exist_ok=True)
    front = [f"标题: {title}", f"文号: {doc_no or '未登记'}", f"施行日期: {effective.isoformat()}",
             f"来源: 本单位添加，原文件 {path.name}（sha256 {digest[:16]}…）"]
    write_text(folder / f"{rule_id}.md", "---\n" + "\n".join(front) + f"\n---\n\n# {title}\n\n" + body)
    updated = _rechain([*entries, entry], family)
    _write_manifest(folder, updated)
    stored = next(e for e in updated if e.meta.id == rule_id).meta
    return Added(document=Document(meta=stored, preamble=preamble, articles=articles))


def remove_rule(key: str, *, effective: date | None = None, folder: Path | None = None) -> UserEntry:
    """Take a rule the office added out of its corpus (the manifest first, then its text)."""
    folder = folder or user_corpus_dir()
    with _locked(folder):
        entries = list(read_user_manifest(folder).documents)
        entry = find_rule(key, entries, effective)
        rest = _rechain([e for e in entries if e.meta.id != entry.meta.id], entry.meta.family)
        _write_manifest(folder, rest)
        if entry.meta.file:
            (folder / entry.meta.file).unlink(missing_ok=True)
        return entry


def _checked_doc_no(doc_no: str | None) -> str | None:
    """A 文号 as given, or a clear error when it is mistyped (brackets, a year lost)."""
    from assistant.citations.docno import DocNoForm, find_doc_nos

    if doc_no is None or not doc_no.strip():
        return None
    doc_no = doc_no.strip()
    mentions = find_doc_nos(doc_no)
    if len(mentions) == 1 and mentions[0].span == (0, len(doc_no)) and mentions[0].form is not DocNoForm.STANDARD:
        raise NianbaoError(f"文号“{doc_no}”书写有误，应为“{mentions[0].canonical}”（年份用六角括号〔〕）")
    return doc_no
