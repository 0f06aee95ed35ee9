"""One self-contained, printable HTML page for the website's 政府信息公开年报 column.

Semantic markup (``<article>``, ``<section>``, ``<h1>``/``<h2>``, tables with ``<thead>`` and
``rowspan``/``colspan`` exactly as the national form), inline CSS only, no scripts, no external
resources; every text is escaped. Value cells carry their canonical address in ``data-cell``.
"""

from __future__ import annotations

import html

from assistant.export.document import PrintedReport, PrintedSection, is_subheading, title_lines
from assistant.export.fonts import FontSettings
from assistant.export.layout import CellRole, GridCell, TableLayout

_CSS = """
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
html {{ background: #fff; color: #000; }}
body {{ margin: 0 auto; max-width: 156mm; padding: 12mm 8mm;
  font-family: {body}; font-size: 16pt; line-height: 28pt; }}
h1 {{ font-family: {title}; font-size: 22pt; font-weight: normal; line-height: 36pt;
  text-align: center; margin: 0 0 28pt; }}
h2 {{ font-family: {heading}; font-size: 16pt; font-weight: normal; margin: 0;
  text-indent: 2em; page-break-after: avoid; break-after: avoid; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
p.subheading {{ font-family: {subheading}; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4pt 0 14pt; font-size: 10.5pt;
  line-height: 1.35; page-break-inside: auto; }}
table.t3, table.t4 {{ font-size: 9pt; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; break-inside: avoid; }}
th, td {{ border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; }}
th {{ font-family: {heading}; font-weight: normal; text-align: center; }}
th.stub {{ font-family: {body}; text-align: left; }}
table.t2 th.stub, th.stub[rowspan] {{ text-align: center; }}
td {{ text-align: center; font-variant-numeric: tabular-nums; }}
@media print {{ body {{ max-width: none; padding: 0; }}
  section#applications {{ break-before: page; page-break-before: always; }} }}
"""


def render_html(printed: PrintedReport, fonts: FontSettings) -> bytes:
    """The report as a UTF-8 HTML page."""
    css = _CSS.format(
        body=fonts.css_stack(fonts.body),
        title=fonts.css_stack(fonts.title),
        heading=fonts.css_stack(fonts.heading),
        subheading=fonts.css_stack(fonts.subheading),
    )
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(printed.title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{'<br>'.join(_esc(line) for line in title_lines(printed.title))}</h1>",
    ]
    for section in printed.sections:
        out.extend(_section(section, printed))
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _section(section: PrintedSection, printed: PrintedReport) -> list[str]:
    ident = f' id="{section.key.value}"' if section.key is not None else ""
    out = [f"<section{ident}>"]
    if section.heading:
        out.append(f"<h2>{_esc(section.heading)}</h2>")
    for text in section.paragraphs:
        cls = ' class="subheading"' if is_subheading(text) else ""
        out.append(f"<p{cls}>{_esc(text)}</p>")
    if section.table is not None:
        out.extend(_table(section.table, printed))
    out.append("</section>")
    return out


def _table(layout: TableLayout, printed: PrintedReport) -> list[str]:
    out = [f'<table class="{layout.key}" aria-label="{_esc(layout.title)}">', "<colgroup>"]
    total = sum(layout.widths_mm)
    out += [f'<col style="width: {100 * w / total:.2f}%">' for w in layout.widths_mm]
    out.append("</colgroup>")
    for index, block in enumerate(layout.blocks):
        if index == 0:
            out.append("<thead>")
            out.extend(_row(row, printed) for row in block.head)
            out.append("</thead>")
            out.append("<tbody>")
        else:
            out.append("<tbody>")
            out.extend(_row(row, printed) for row in block.head)
        out.extend(_row(row, printed) for row in block.body)
        out.append("</tbody>")
    out.append("</table>")
    return out


def _row(cells: tuple[GridCell, ...], printed: PrintedReport) -> str:
    return "<tr>" + "".join(_cell(c, printed) for c in cells) + "</tr>"


def _cell(cell: GridCell, printed: PrintedReport) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.role is CellRole.VALUE:
        assert cell.address is not None
        return f'<td data-cell="{_esc(cell.address)}"{attrs}>{_esc(printed.value(cell.address))}</td>'
    if cell.role is CellRole.STUB:
        return f'<th scope="row" class="stub"{attrs}>{_esc(cell.text)}</th>'
    scope = "colgroup" if cell.colspan > 1 else "col"
    return f'<th scope="{scope}"{attrs}>{_esc(cell.text)}</th>'
