"""The regulation corpus: laws and notices split into articles (条), paragraphs (款) and items (项).

The texts are the Markdown files in the project's ``corpus/regulations/``; their metadata (names,
short names, 文号, dates, which version replaced which) is ``corpus/laws.json``. Splitting is
done here, from the text, every time the corpus is loaded; nothing is hand-typed.

Two more sources feed the same :class:`Corpus`: the register ``corpus/register.json`` (documents
cited by title and 文号 whose text the corpus does not hold, such as each year's 政务公开工作要点)
and the office's own rules, added with ``nianbao corpus add`` and kept in the data folder
(``<NIANBAO_DATA_DIR>/corpus/user/``: a ``manifest.json`` and one Markdown text per rule).

A citation names a law by a name, a short name or a declared abbreviation. Names shared by
several versions of one law (``《条例》``) resolve to the version in force on 31 December of
the report year; names only one version carries (``新《条例》``, ``（2019年修订）``) pin it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import NianbaoError
from assistant.settings import load_settings

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int:
    """``"二十"`` → 20, ``"一百零五"`` → 105, ``"3"``/``"３"`` → 3. Raises ValueError otherwise."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        raise ValueError("空的数字")
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            raise ValueError(f"不是数字：{text}")
    return total + (digit or 0)


def int_to_cn(number: int) -> str:
    """20 → ``"二十"``, 105 → ``"一百零五"``, 10 → ``"十"`` (as articles are numbered)."""
    if number < 0 or number >= 1000:
        raise ValueError(number)
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number - 10] if number > 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        return digits[hundreds] + "百"
    tail = int_to_cn(rest) if rest >= 10 else "零" + digits[rest]
    if 10 <= rest < 20:
        tail = "一" + tail
    return digits[hundreds] + "百" + tail


_INNER_TITLE = str.maketrans({"《": "〈", "》": "〉"})


def cn_date(day: date) -> str:
    """2021-04-09 → ``2021年4月9日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def normalize_name(name: str) -> str:
    """Comparable form of a document name: width-folded, no brackets of any kind, no spaces."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[《》<>〈〉\s\u3000]", "", text)


# --- models -------------------------------------------------------------------------------


class Origin(StrEnum):
    """Where a document of the corpus comes from."""

    CORPUS = "corpus"  # laws.json (with its text in regulations/, or known by metadata only)
    REGISTER = "register"  # register.json: title, issuer, 文号 and dates, no text
    USER = "user"  # added by the office (nianbao corpus add), kept in the data folder


class Structure(StrEnum):
    ARTICLES = "articles"  # 第X条 … (laws, measures, interpretations)
    SECTIONS = "sections"  # headed paragraphs (notices)


class LawMeta(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    family: str = Field(description="同一法规各版本共用的标识，如 tiaoli")
    kind: str
    title: str
    version: str
    display: str | None = Field(default=None, description="消息中的称呼；缺省为《标题》（版本）")
    names: tuple[str, ...]
    short_names: tuple[str, ...] = ()
    doc_no: str | None = Field(default=None, description="文号")
    issuer: str | None = Field(default=None, description="发文机关")
    issued: date | None = None
    effective: date | None = None
    repealed: date | None = None
    supersedes: str | None = None
    superseded_by: str | None = None
    file: str | None = None
    structure: Structure = Structure.ARTICLES
    article_count: int | None = None
    complete: bool = True
    fullwidth_punctuation: bool = False
    known_articles: dict[int, str] = Field(default_factory=dict)
    renumbered: dict[int, int] = Field(default_factory=dict)
    topic_words: dict[int, tuple[str, ...]] = Field(default_factory=dict)
    in_force: bool | None = Field(
        default=None, description="登记的效力状态；None 时按施行、废止日期判断，日期也不详则为未知",
    )
    report_basis: bool = Field(default=False, description="年度报告通常依据的文件（条例、年报格式、处理费办法）")
    work_year: int | None = Field(default=None, description="政务公开工作要点所部署的年度")
    source: str | None = Field(default=None, description="标题、文号、日期的出处")
    origin: Origin = Origin.CORPUS

    def in_force_on(self, day: date) -> bool:
        start = self.effective or self.issued
        if start is not None and day < start:
            return False
        return self.repealed is None or day < self.repealed

    def in_force_for_year(self, year: int) -> bool:
        """In force on 31 December of the report year."""
        return self.in_force_on(date(year, 12, 31))

    @property
    def short_title(self) -> str:
        return self.display or f"《{self.title}》（{self.version}）"

    def status_text(self, day: date | None = None) -> str:
        """``现行有效``, ``…起废止``, ``…起施行`` (not yet on ``day``) or ``效力未登记``."""
        if self.repealed is not None and (day is None or day >= self.repealed):
            return f"{cn_date(self.repealed)}起废止"
        if self.in_force is False:
            return "已失效"
        start = self.effective or self.issued
        if day is not None and start is not None and day < start:
            return f"{cn_date(start)}起施行"
        if self.in_force is True or self.effective is not None:
            return "现行有效"
        return "效力未登记"

    def describe(self) -> str:
        """One line for a listing or a source: title, issuer, 文号, date, status."""
        parts = [f"《{self.title.translate(_INNER_TITLE)}》"]
        if self.issuer:
            parts.append(self.issuer)
        parts.append(self.doc_no or "文号未登记")
        when = self.issued or self.effective
        parts.append(cn_date(when) if when else "日期未登记")
        parts.append(self.status_text())
        return "，".join(parts)


class Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    text: str


class Paragraph(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    text: str = Field(description="本款全文，含各项")
    items: tuple[Item, ...] = ()


class Article(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    text: str = Field(description="本条全文，以“第X条”开头")
    paragraphs: tuple[Paragraph, ...]
    chapter: str | None = None
    truncated: bool = Field(default=False, description="转载本截断，本条文字不全")

    def item(self, number: int, paragraph: int | None = None) -> tuple[Paragraph, Item] | None:
        """The item (项) ``number``; without a paragraph, the only paragraph that has items."""
        candidates = [p for p in self.paragraphs if p.items and (paragraph is None or p.number == paragraph)]
        if paragraph is None and len(candidates) != 1:
            candidates = candidates[:1] if candidates else []
        for para in candidates:
            for item in para.items:
                if item.number == number:
                    return para, item
        return None


class Passage(BaseModel):
    """A resolvable piece of text: an article, a paragraph, an item or a notice section."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    law_id: str
    ref: str = Field(description="结构化编号，如 tiaoli-2019.a20.p1.i5 或 geshi-2021.s12")
    label: str = Field(description="中文标注，如 第二十条第（五）项")
    text: str
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    heading: str | None = Field(default=None, description="通知类文件的标题路径")
    official: bool = Field(default=True, description="False：整理者说明或第三方引用，非原文")


class Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    meta: LawMeta
    preamble: str = ""
    articles: tuple[Article, ...] = ()
    sections: tuple[Passage, ...] = ()

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)

    @property
    def has_text(self) -> bool:
        return bool(self.articles or self.sections)

    def article_exists(self, number: int) -> bool | None:
        """True/False when known; None when the text we hold cannot tell."""
        if number < 1:
            return False
        if self.meta.article_count is not None:
            return number <= self.meta.article_count
        if self.article(number) is not None or number in self.meta.known_articles:
            return True
        return False if self.meta.complete else None


class ExternalLaw(BaseModel):
    """A law the checker recognises by name but holds no text of (citations cannot be checked)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    names: tuple[str, ...] = ()


# --- resolution -----------------------------------------------------------------------


class Status(StrEnum):
    FOUND = "found"
    NO_ARTICLE = "no_article"
    NO_PARAGRAPH = "no_paragraph"
    NO_ITEM = "no_item"
    UNVERIFIABLE = "unverifiable"  # we do not hold that part of the text
    UNKNOWN_LAW = "unknown_law"


class Resolution(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    law: LawMeta | None = None
    passage: Passage | None = None
    article_text: str | None = Field(default=None, description="所引条文全文（用于核对引文）")


def article_label(article: int | None, paragraph: int | None = None, item: int | None = None) -> str:
    parts = []
    if article is not None:
        parts.append(f"第{int_to_cn(article)}条")
    if paragraph is not None:
        parts.append(f"第{int_to_cn(paragraph)}款")
    if item is not None:
        parts.append(f"第（{int_to_cn(item)}）项")
    return "".join(parts)


class Corpus(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    documents: dict[str, Document]
    external: tuple[ExternalLaw, ...] = ()

    # names

    def docs_named(self, name: str) -> list[Document]:
        """Every document (any version) carrying ``name`` as a name or short name."""
        key = normalize_name(name)
        return [
            doc for doc in self.documents.values()
            if key in {normalize_name(n) for n in (*doc.meta.names, *doc.meta.short_names)}
        ]

    def external_named(self, name: str) -> ExternalLaw | None:
        key = normalize_name(name)
        for law in self.external:
            if key in {normalize_name(n) for n in (law.title, *law.names)}:
                return law
        return None

    def version(self, name: str, year: int | None = None) -> Document | None:
        """The document a name denotes for a report year (latest version when no year)."""
        if name in self.documents:
            return self.documents[name]
        docs = self.docs_named(name)
        if not docs:
            return None
        if len(docs) == 1:
            return docs[0]
        if year is not None:
            in_force = [d for d in docs if d.meta.in_force_for_year(year)]
            if in_force:
                return in_force[0]
        current = [d for d in docs if d.meta.superseded_by is None]
        return (current or docs)[0]

    def by_doc_no(self, doc_no: str) -> Document | None:
        key = normalize_doc_no(doc_no)
        return next(
            (d for d in self.documents.values() if d.meta.doc_no and normalize_doc_no(d.meta.doc_no) == key),
            None,
        )

    # lookup

    def resolve(
        self, law: str, article: int, paragraph: int | None = None, item: int | None = None,
        year: int | None = None,
    ) -> Resolution:
        doc = self.version(law, year)
        if doc is None:
            return Resolution(status=Status.UNKNOWN_LAW)
        meta = doc.meta
        exists = doc.article_exists(article)
        if exists is False:
            return Resolution(status=Status.NO_ARTICLE, law=meta)
        found = doc.article(article)
        if found is None:
            return Resolution(status=Status.UNVERIFIABLE, law=meta)
        label = article_label(article, paragraph, item)
        ref = f"{meta.id}.a{article}"
        if paragraph is not None:
            para = next((p for p in found.paragraphs if p.number == paragraph), None)
            if para is None:
                status = Status.UNVERIFIABLE if found.truncated else Status.NO_PARAGRAPH
                return Resolution(status=status, law=meta, article_text=found.text)
            ref += f".p{paragraph}"
            text = para.text
        else:
            text = found.text
        if item is not None:
            hit = found.item(item, paragraph)
            if hit is None:
                status = Status.UNVERIFIABLE if found.truncated else Status.NO_ITEM
                return Resolution(status=status, law=meta, article_text=found.text)
            para, found_item = hit
            ref = f"{meta.id}.a{article}.p{para.number}.i{item}"
            text = found_item.text
        passage = Passage(
            law_id=meta.id, ref=ref, label=label, text=text, article=article, paragraph=paragraph, item=item,
        )
        return Resolution(status=Status.FOUND, law=meta, passage=passage, article_text=found.text)

    def lookup(
        self, law: str, article: int, paragraph: int | None = None, item: int | None = None,
        year: int | None = None,
    ) -> Passage | None:
        return self.resolve(law, article, paragraph, item, year).passage

    # retrievable units

    def passages(self) -> Iterator[Passage]:
        """Every unit the retrieval index holds: whole articles, preambles and notice sections."""
        for doc in self.documents.values():
            meta = doc.meta
            if doc.preamble:
                yield Passage(law_id=meta.id, ref=f"{meta.id}.preamble", label="序言", text=doc.preamble)
            for art in doc.articles:
                yield Passage(
                    law_id=meta.id, ref=f"{meta.id}.a{art.number}", label=article_label(art.number),
                    text=art.text, article=art.number, heading=art.chapter,
                )
            yield from doc.sections


# --- loading --------------------------------------------------------------------------


def corpus_dir() -> Path:
    """``NIANBAO_CORPUS_DIR`` or the project's ``corpus/`` folder (read when called)."""
    configured = load_settings().corpus_dir
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent / "corpus"


def user_corpus_dir() -> Path:
    """Where the office's own rules are kept: ``<NIANBAO_DATA_DIR>/corpus/user``."""
    return load_settings().data_dir / "corpus" / "user"


USER_MANIFEST = "manifest.json"
USER_ID_PREFIX = "user-"


class UserEntry(BaseModel):
    """One rule the office added: its metadata, the file it came from, when it was added."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    meta: LawMeta
    original: str = Field(description="添加时的文件名")
    sha256: str = Field(description="原文件内容的 sha256")
    added: str = Field(description="添加时间（ISO 格式）")


class UserManifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    documents: tuple[UserEntry, ...] = ()


def load_corpus(path: Path | None = None, *, user: bool = True) -> Corpus:
    """The corpus (``path``: its folder) with the register and, unless ``user`` is False, the
    office's own rules from the data folder."""
    root = str((path or corpus_dir()).resolve())
    if not user:
        return _load(root)
    folder = user_corpus_dir().resolve()
    try:
        stat = (folder / USER_MANIFEST).stat()
    except OSError:
        return _load(root)
    return _with_user(root, str(folder), (stat.st_mtime_ns, stat.st_size, stat.st_ino))


@lru_cache(maxsize=4)
def _with_user(root: str, folder: str, _stamp: tuple[int, int, int]) -> Corpus:
    """The corpus of ``root`` with the rules of the user folder (cached on the manifest's stamp:
    a manifest is replaced whole, so a new one has a new inode and time)."""
    national = _load(root)
    documents = dict(national.documents)
    for entry in read_user_manifest(Path(folder)).documents:
        meta = entry.meta
        if meta.id in documents:
            raise NianbaoError(f"{Path(folder) / USER_MANIFEST}：文件编号 {meta.id} 重复")
        documents[meta.id] = _document(meta, Path(folder), Path(folder) / USER_MANIFEST)
    return national.model_copy(update={"documents": documents})


def read_user_manifest(folder: Path) -> UserManifest:
    """The manifest of the office's own rules (empty when there is none); a damaged one is an
    error naming the file."""
    path = folder / USER_MANIFEST
    if not path.is_file():
        return UserManifest()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        manifest = UserManifest.model_validate(raw)
    except (OSError, ValueError) as exc:
        raise NianbaoError(f"本单位法规清单 {path} 已损坏，无法读取：{str(exc).splitlines()[0]}") from exc
    for entry in manifest.documents:
        if not entry.meta.id.startswith(USER_ID_PREFIX) or entry.meta.origin is not Origin.USER:
            raise NianbaoError(f"本单位法规清单 {path} 中的 {entry.meta.id} 不是本单位添加的文件")
    return manifest


def _document(meta: LawMeta, root: Path, index: Path) -> Document:
    """The document of ``meta``, its text (if any) read from ``root / meta.file`` and split."""
    if meta.file is None:
        return Document(meta=meta)
    source = root / meta.file
    if not source.is_file():
        raise NianbaoError(f"法规文本缺失：{source}（见 {index}）")
    _front, body = split_front_matter(source.read_text(encoding="utf-8"))
    if meta.structure is Structure.ARTICLES:
        preamble, articles, rest = split_articles(body, fullwidth=meta.fullwidth_punctuation)
        appendix = tuple(split_sections(meta.id, rest, official=False)) if rest.strip() else ()
        return Document(meta=meta, preamble=preamble, articles=articles, sections=appendix)
    return Document(meta=meta, sections=tuple(split_sections(meta.id, body)))


REGISTER = "register.json"


@cache
def _load(folder: str) -> Corpus:
    root = Path(folder)
    index = root / "laws.json"
    if not index.is_file():
        raise NianbaoError(f"找不到法规语料索引：{index}")
    raw = json.loads(index.read_text(encoding="utf-8"))
    documents: dict[str, Document] = {}
    for entry in raw["documents"]:
        meta = LawMeta.model_validate(entry)
        documents[meta.id] = _document(meta, root, index)
    register = root / REGISTER
    if register.is_file():
        for entry in json.loads(register.read_text(encoding="utf-8"))["documents"]:
            meta = LawMeta.model_validate({**entry, "origin": Origin.REGISTER})
            if meta.id in documents or meta.file is not None:
                raise NianbaoError(f"{register}：{meta.id} 与 laws.json 重复，或登记了正文文件（登记簿只记录目录信息）")
            documents[meta.id] = Document(meta=meta)
    external = tuple(ExternalLaw.model_validate(e) for e in raw.get("external", ()))
    return Corpus(documents=documents, external=external)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``---``-delimited header (``键: 值`` lines) and the body after it."""
    match = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    if not match:
        return {}, text
    front: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            front[key.strip()] = value.strip()
    return front, text[match.end():]


_DOC_NO_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕", "（": "〔",
                                  "）": "〕", "【": "〔", "】": "〕", "﹝": "〔", "﹞": "〕"})


def normalize_doc_no(doc_no: str) -> str:
    """Comparable 文号: ``中华人民共和国`` dropped, brackets made 〔〕, no spaces."""
    text = re.sub(r"\s", "", doc_no).translate(_DOC_NO_BRACKETS)
    return text.removeprefix("中华人民共和国")


def lookup(
    law: str, article: int, paragraph: int | None = None, item: int | None = None, year: int | None = None
) -> Passage | None:
    """Exact lookup in the project corpus: ``lookup("条例", 20, item=5, year=2023)``."""
    return load_corpus().lookup(law, article, paragraph, item, year)


# --- splitting the texts ----------------------------------------------------------------

_ARTICLE_START = re.compile(rf"^第([{CN_NUMERAL_CHARS}]+)条[\s\u3000]+(.*)$")
_ITEM_START = re.compile(rf"^[（(]([{CN_NUMERAL_CHARS}]+)[）)]")
_TRUNCATION = re.compile(r"【[^】]*(?:截断|缺失)[^】]*】")
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def split_articles(body: str, *, fullwidth: bool = False) -> tuple[str, tuple[Article, ...], str]:
    """Split a law's body into (preamble, articles, text after the articles).

    An article runs from its ``第X条`` line to the next article, heading or ``---`` rule;
    inside it each line is a paragraph (款), or an item (项) of the paragraph before it when
    it starts with ``（一）``.
    """
    preamble: list[str] = []
    articles: list[Article] = []
    chapter: str | None = None
    current: tuple[int, list[str]] | None = None
    lines = body.splitlines()
    rest_from = len(lines)

    def close() -> None:
        if current is not None:
            articles.append(_build_article(current[0], current[1], chapter, fullwidth))

    for index, raw_line in enumerate(lines):
        line = raw_line.strip()
        if line == "---":
            rest_from = index + 1
            break
        if line.startswith("#"):
            close()
            current = None
            heading = line.lstrip("#").strip()
            if re.match(r"^第[一二三四五六七八九十]+章", heading):
                chapter = heading
            continue
        match = _ARTICLE_START.match(line)
        if match:
            close()
            current = (cn_to_int(match.group(1)), [line])
        elif current is not None:
            if line:
                current[1].append(line)
        elif line:
            preamble.append(line)
    close()
    rest = "\n".join(lines[rest_from:]) if rest_from < len(lines) else ""
    return "\n".join(preamble), tuple(articles), rest


def _build_article(number: int, lines: list[str], chapter: str | None, fullwidth: bool) -> Article:
    truncated = False
    cleaned: list[str] = []
    for line in lines:
        if _TRUNCATION.search(line):
            truncated = True
            line = _TRUNCATION.sub("", line).rstrip()
        if fullwidth:
            line = line.translate(_HALF_TO_FULL)
        if line:
            cleaned.append(line)
    first = _ARTICLE_START.match(cleaned[0])
    assert first is not None
    body_lines = [first.group(2), *cleaned[1:]]
    paragraphs: list[tuple[str, list[Item]]] = []
    for line in body_lines:
        item = _ITEM_START.match(line)
        if item and paragraphs:
            paragraphs[-1][1].append(Item(number=cn_to_int(item.group(1)), text=line))
        else:
            paragraphs.append((line, []))
    built = tuple(
        Paragraph(number=i, text="\n".join([lead, *(it.text for it in items)]), items=tuple(items))
        for i, (lead, items) in enumerate(paragraphs, start=1)
    )
    return Article(number=number, text="\n".join(cleaned), paragraphs=built, chapter=chapter, truncated=truncated)


_SUBHEADING = re.compile(
    r"^(?:（[一二三四五六七八九十]+）[^。，；]{1,30}。|[一二三四五六七八九十]+、[^。，；：]{1,24})$"
)
_CHUNK_CHARS = 450


def split_sections(law_id: str, body: str, *, official: bool = True) -> Iterator[Passage]:
    """Split a notice into passages: paragraphs under their heading path, each table whole.

    Consecutive short paragraphs under one heading are joined up to about 450 characters.
    Sections whose heading says they are not the original text (``非原文``) are marked
    ``official=False``; a verbatim run-together copy of the tables (``附件原文``) is skipped,
    because the arranged tables beside it hold the same words.
    """
    path: dict[int, str] = {}
    counter = 0
    buffer: list[str] = []

    def heading_text() -> str:
        return " › ".join(path[level] for level in sorted(path))

    def flush() -> Iterator[Passage]:
        nonlocal counter
        if not buffer:
            return
        heading = heading_text()
        skip = "附件原文" in heading
        is_official = official and "非原文" not in heading and "第三方" not in heading
        text = "\n".join(buffer)
        buffer.clear()
        if skip:
            return
        counter += 1
        yield Passage(
            law_id=law_id, ref=f"{law_id}.s{counter}", label=heading.split(" › ")[-1] if heading else "正文",
            text=text, heading=heading or None, official=is_official,
        )

    table = False
    for raw_line in body.splitlines():
        line = raw_line.strip()
        if not line or line == "---":
            if table:
                yield from flush()
                table = False
            continue
        if line.startswith("#"):
            yield from flush()
            level = len(line) - len(line.lstrip("#"))
            path = {k: v for k, v in path.items() if k < level}
            path[level] = line.lstrip("#").strip()
            continue
        if _SUBHEADING.match(line):
            yield from flush()
            path = {k: v for k, v in path.items() if k < 4}
            path[4] = line
            continue
        is_table_line = line.startswith("|")
        if is_table_line != table or (not table and sum(map(len, buffer)) + len(line) > _CHUNK_CHARS):
            yield from flush()
        table = is_table_line
        buffer.append(line)
    yield from flush()
