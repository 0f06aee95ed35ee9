"""Word (.docx) in official-document layout (GB/T 9704): A4, 仿宋 三号 body, 黑体 headings.

Tables follow the national form (国办公开办函〔2021〕30号): the merged header cells, the 勾稽
note of 表三 and every row label verbatim, numbers centred. Chinese text carries the
``w:eastAsia`` font and the zh-CN language, so renderers without the agency's fonts fall back
to the Simplified Chinese glyphs of Noto CJK.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from assistant.export.document import PrintedReport, PrintedSection, is_subheading, title_lines
from assistant.export.fonts import FontSettings
from assistant.export.layout import CellRole, GridCell, TableLayout

# GB/T 9704-2012: A4, 版心 156 mm × 225 mm; top 37 mm, left 28 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PT = 28  # 固定值 28 磅: 22 lines on the 版心
PAGE_NUMBER_PT = 14  # 四号

# The type size of each table.
_TABLE_PT: dict[str, float] = {"t2": 12, "t3": 9, "t4": 9}
_ROW_MM: dict[str, float] = {"t2": 7, "t3": 5.5, "t4": 8}

STYLE_TITLE = "Title"
STYLE_HEADING = "Heading 1"
STYLE_SUBHEADING = "Nianbao Subheading"
STYLE_TABLE = "Nianbao Table Text"


def render_docx(printed: PrintedReport, fonts: FontSettings) -> bytes:
    """The report as .docx bytes."""
    doc = Document()
    _page_setup(doc)
    _styles(doc, fonts)
    _font_table(doc, fonts)
    _page_number(doc, fonts)
    props = doc.core_properties
    props.title = printed.title
    props.language = "zh-CN"
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.created = props.modified = datetime(2000, 1, 1)

    title = doc.add_paragraph(style=STYLE_TITLE)
    lines = title_lines(printed.title)
    for i, line in enumerate(lines):
        run = title.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    for section in printed.sections:
        _section(doc, section, printed, fonts)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- page and styles ---------------------------------------------------------------------


def _page_setup(doc: WordDocument) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = PAGE_WIDTH, PAGE_HEIGHT
    sec.top_margin, sec.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    sec.left_margin, sec.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    sec.header_distance, sec.footer_distance = Mm(15), Mm(25)


def _rfonts(rpr: etree._Element, east_asia: str, latin: str) -> None:
    """Name the fonts explicitly (no theme fonts) and hint that the text is East Asian."""
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")
    rpr.insert(0, fonts)


def _lang(rpr: etree._Element) -> None:
    old = rpr.find(qn("w:lang"))
    if old is not None:
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _clean_rpr(rpr: etree._Element) -> None:
    for tag in ("w:color", "w:b", "w:bCs", "w:i", "w:iCs", "w:spacing", "w:kern", "w:sz", "w:szCs"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)


def _paragraph_style(
    doc: WordDocument, name: str, east_asia: str, latin: str, size: float
) -> ParagraphStyle:
    styles = doc.styles
    existing = next((s for s in styles if s.name == name), None)
    style = existing if existing is not None else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles["Normal"] if name != "Normal" else None
    rpr = style.element.get_or_add_rPr()
    _clean_rpr(rpr)
    _rfonts(rpr, east_asia, latin)
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.italic = False
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing"):
        for el in ppr.findall(qn(tag)):
            ppr.remove(el)
    return style


def _first_line_chars(style: ParagraphStyle, chars: int) -> None:
    """Indent the first line by ``chars`` characters (w:firstLineChars, in hundredths)."""
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    for key in list(ind.attrib):
        del ind.attrib[key]
    if chars:
        ind.set(qn("w:firstLineChars"), str(chars * 100))
        ind.set(qn("w:firstLine"), str(chars * BODY_PT * 20))
    else:
        ind.set(qn("w:firstLine"), "0")


def _outline(style: ParagraphStyle, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    el = ppr.find(qn("w:outlineLvl"))
    if el is None:
        el = OxmlElement("w:outlineLvl")
        ppr.append(el)
    el.set(qn("w:val"), str(level))


def _styles(doc: WordDocument, fonts: FontSettings) -> None:
    # Document defaults: explicit fonts and the zh-CN language for East Asian text.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _rfonts(rpr, fonts.body, fonts.latin)
            _lang(rpr)
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = _paragraph_style(doc, "Normal", fonts.body, fonts.latin, BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False
    _lang(normal.element.get_or_add_rPr())
    _first_line_chars(normal, 2)

    title = _paragraph_style(doc, STYLE_TITLE, fonts.title, fonts.latin, TITLE_PT)
    tfmt = title.paragraph_format
    tfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tfmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tfmt.line_spacing = Pt(36)
    tfmt.space_before, tfmt.space_after = Pt(0), Pt(LINE_PT)
    _first_line_chars(title, 0)

    heading = _paragraph_style(doc, STYLE_HEADING, fonts.heading, fonts.latin, BODY_PT)
    hfmt = heading.paragraph_format
    hfmt.keep_with_next = True
    hfmt.space_before = hfmt.space_after = Pt(0)
    hfmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    hfmt.line_spacing = Pt(LINE_PT)
    _first_line_chars(heading, 2)
    _outline(heading, 0)

    sub = _paragraph_style(doc, STYLE_SUBHEADING, fonts.subheading, fonts.latin, BODY_PT)
    sub.paragraph_format.keep_with_next = True
    _first_line_chars(sub, 2)
    _outline(sub, 1)

    table = _paragraph_style(doc, STYLE_TABLE, fonts.body, fonts.latin, 10.5)
    tabfmt = table.paragraph_format
    tabfmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tabfmt.space_before = tabfmt.space_after = Pt(0)
    tabfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _first_line_chars(table, 0)


def _font_table(doc: WordDocument, fonts: FontSettings) -> None:
    """Declare the agency fonts as GB2312 (charset 86) fonts with the Noto family as altName."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for family, fallback in fonts.replacements():
                if family == fonts.latin:
                    continue
                for old in root.findall(qn("w:font")):
                    if old.get(qn("w:name")) == family:
                        root.remove(old)
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), family)
                alt = etree.SubElement(font, qn("w:altName"))
                alt.set(qn("w:val"), fallback)
                charset = etree.SubElement(font, qn("w:charset"))
                charset.set(qn("w:val"), "86")
                fam = etree.SubElement(font, qn("w:family"))
                fam.set(qn("w:val"), "modern" if family == fonts.heading else "roman")
                pitch = etree.SubElement(font, qn("w:pitch"))
                pitch.set(qn("w:val"), "variable")
            # fontTable is a plain Part: its bytes are the XML.
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            return


def _page_number(doc: WordDocument, fonts: FontSettings) -> None:
    """GB/T 9704 page numbers: "— 1 —", 4号, centred at the foot of the page."""
    footer = doc.sections[0].footer
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.first_line_indent = Pt(0)
    _footer_run(para, "— ", fonts)
    run = _footer_run(para, "", fonts)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    _footer_run(para, " —", fonts)


def _footer_run(para: Paragraph, text: str, fonts: FontSettings) -> Run:
    run = para.add_run(text)
    run.font.size = Pt(PAGE_NUMBER_PT)
    _rfonts(run._r.get_or_add_rPr(), fonts.body, fonts.latin)
    return run


# --- content -----------------------------------------------------------------------------


def _section(doc: WordDocument, section: PrintedSection, printed: PrintedReport,
             fonts: FontSettings) -> None:
    # 表三 and its heading fill most of a page: start them on a fresh one so the form is whole.
    new_page = section.table is not None and section.table.key == "t3"
    if section.heading:
        heading = doc.add_paragraph(section.heading, style=STYLE_HEADING)
        heading.paragraph_format.page_break_before = new_page
    elif new_page:
        doc.add_paragraph("", style=STYLE_TABLE).paragraph_format.page_break_before = True
    last = None
    for text in section.paragraphs:
        last = doc.add_paragraph(text, style=STYLE_SUBHEADING if is_subheading(text) else "Normal")
    if section.table is not None:
        if last is not None:  # the sentence introducing a table stays with it
            last.paragraph_format.keep_with_next = True
        _table(doc, section.table, printed, fonts)


def _table(doc: WordDocument, layout: TableLayout, printed: PrintedReport, fonts: FontSettings) -> None:
    widths = [Mm(w) for w in layout.widths_mm]
    size = Pt(_TABLE_PT.get(layout.key, 10.5))
    table = doc.add_table(rows=layout.row_count, cols=layout.columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_width(table, sum(widths))
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    # One pass over the unmerged grid: table.cell() rebuilds the whole grid on every call.
    grid = [list(row.cells) for row in table.rows]
    for row_cells in grid:
        for i, cell in enumerate(row_cells):
            cell.width = widths[i]

    first_head = len(layout.blocks[0].head)
    height = Mm(_ROW_MM.get(layout.key, 7))
    for index, row in enumerate(table.rows):
        row.height = height
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        trpr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        trpr.append(cant)
        if index < first_head:
            header = OxmlElement("w:tblHeader")
            trpr.append(header)

    style_id = doc.styles[STYLE_TABLE].style_id
    for r, c, spec in layout.placed():
        # Merged rectangles are disjoint, so each corner is still a cell of its own here.
        cell = grid[r][c]
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(grid[r + spec.rowspan - 1][c + spec.colspan - 1])
        _fill(cell, spec, layout, printed, fonts, size, style_id)
        # Keep the table on one page where it fits (a header row never ends a page).
        keep = r + spec.rowspan < layout.row_count
        for para in cell.paragraphs:
            para.paragraph_format.keep_with_next = keep
    doc.add_paragraph("", style=STYLE_TABLE)  # the form leaves a line after each table


def _table_width(table: Table, width: int) -> None:
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(int(width / 635)))  # EMU → twentieths of a point
    tblw.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _fill(cell: _Cell, spec: GridCell, layout: TableLayout, printed: PrintedReport,
          fonts: FontSettings, size: Length, style_id: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para = cell.paragraphs[0]
    para._p.style = style_id  # by id: looking the style up by name costs a scan each time
    text = printed.value(spec.address) if spec.address else spec.text
    family = fonts.body
    if spec.role is CellRole.HEADER:
        family = fonts.heading
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif spec.role is CellRole.STUB:
        centred = layout.key == "t2" or spec.rowspan > 1
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    else:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(text)
    run.font.size = size
    _rfonts(run._r.get_or_add_rPr(), family, fonts.latin)
