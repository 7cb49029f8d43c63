"""A one-sheet .xlsx written with the standard library (zip + SpreadsheetML).

The server installs without openpyxl (``pip install .[server]``; tools/layers.py
keeps it out of the server), and a roster export needs little of it: text cells,
a bold header row, a red first-row note, column widths, frozen panes, a page
header and footer, and the document properties. Rows stream into the zip, so
a city's export is not held in memory. Every cell is an inline string: Excel keeps
it as text (an 18-digit ID number stays whole) and never reads it as a formula.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from xml.sax.saxutils import escape

MAX_CELL = 32767          # Excel refuses a longer cell
# characters XML 1.0 cannot carry: a file holding one does not open at all
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

STYLE_PLAIN, STYLE_NOTE, STYLE_HEAD = 0, 1, 2
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="3"><font><sz val="11"/><name val="等线"/></font>
<font><b/><sz val="11"/><color rgb="FFB91C1C"/><name val="等线"/></font>
<font><b/><sz val="11"/><name val="等线"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFE5EDF7"/></patternFill></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="3"><xf/><xf fontId="1" applyFont="1"/>
<xf fontId="2" fillId="2" applyFont="1" applyFill="1" applyAlignment="1">
<alignment horizontal="center"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def column_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def text(value) -> str:
    """``value`` as XML text a workbook can hold (illegal characters dropped)."""
    return escape(_ILLEGAL.sub("", str(value))[:MAX_CELL], {'"': "&quot;"})


class SheetWriter:
    """``with SheetWriter(path, ...) as w: w.row([...], style)``; the file is complete
    when the block ends without an error."""

    def __init__(self, path: str, *, sheet: str, widths: list[float], watermark: str,
                 title: str, creator: str, description: str, freeze: str = "B3"):
        self.path, self.sheet, self.widths = path, sheet, widths
        self.watermark, self.freeze = watermark, freeze
        self.props = dict(title=title, creator=creator, description=description)
        self.n = 0

    def __enter__(self) -> "SheetWriter":
        self.zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED)
        self.out = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        col, row = re.match(r"([A-Z]+)(\d+)", self.freeze).groups()
        x, y = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(col))) - 1, int(row) - 1
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
                       for i, w in enumerate(self.widths))
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView '
            f'workbookViewId="0"><pane xSplit="{x}" ySplit="{y}" topLeftCell="{self.freeze}" '
            f'activePane="bottomRight" state="frozen"/></sheetView></sheetViews>'
            f'<cols>{cols}</cols><sheetData>')
        return self

    def _write(self, s: str) -> None:
        self.out.write(s.encode("utf-8"))

    def row(self, values: list, style: int = STYLE_PLAIN) -> None:
        self.n += 1
        s = f' s="{style}"' if style else ""
        cells = "".join(
            f'<c r="{column_letter(i)}{self.n}" t="inlineStr"{s}><is><t xml:space="preserve">'
            f"{text(v)}</t></is></c>" for i, v in enumerate(values) if v not in (None, ""))
        self._write(f'<row r="{self.n}">{cells}</row>')

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is None:
                # '&' starts a field code in a page header: a name holding one is doubled
                mark = text(self.watermark.replace("&", "&&"))
                self._write(
                    '</sheetData><headerFooter differentFirst="0">'
                    f'<oddHeader>&amp;C&amp;9{mark}</oddHeader>'
                    f'<oddFooter>&amp;L&amp;8{mark}&amp;R&amp;8&amp;P / &amp;N</oddFooter>'
                    '</headerFooter></worksheet>')
                self.out.close()
                self._finish()
            else:
                self.out.close()
        finally:
            self.zip.close()

    def _finish(self) -> None:
        z = self.zip
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            f'<sheet name="{text(self.sheet[:31])}" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>'))
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        p = {k: text(v) for k, v in self.props.items()}
        z.writestr("docProps/core.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
            'terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{p["title"]}</dc:title><dc:creator>{p["creator"]}</dc:creator>'
            f'<dc:description>{p["description"]}</dc:description>'
            '<cp:keywords>GridDesk</cp:keywords>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            '</cp:coreProperties>'))
