"""Printing, as paper still goes round the office: any list as it is shown (its sort,
its masking), and a case sheet (facts, timeline, photos). Every page carries the user
and the time as a watermark, and each printout is audited as an export is (action
``print``: what, how many rows and pages; never the rows themselves).

The preview (QPrintPreviewDialog) prints to a printer or, through Qt's own PDF
printer, to a file; ``to_pdf`` writes a PDF without a dialog (tests, scripts)."""
from __future__ import annotations

import html
import weakref
from typing import Callable

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from app.models.domain import calendar
from app.models.store import clock
from app.models.write.unit import unit_of_work
from app.ui.common import tables

# The store printouts are audited into and the window whose person prints, both held
# weakly: after 切换用户 nothing of the previous person may stay in memory (a module
# global holding them kept the whole window, its pages and the open store alive).
_store_ref: Callable[[], object | None] = lambda: None     # noqa: E731
_owner_ref: Callable[[], object | None] = lambda: None     # noqa: E731


def use(store, owner) -> None:
    """Print (and audit) as ``owner.actor`` into ``store``: set by the main window."""
    global _store_ref, _owner_ref
    _store_ref = weakref.ref(store) if store is not None else (lambda: None)
    _owner_ref = weakref.ref(owner) if owner is not None else (lambda: None)


def _actor():
    owner = _owner_ref()
    return getattr(owner, "actor", None) if owner is not None else None


class Printout:
    """A document to print: HTML, images it refers to, and what the audit record says."""

    def __init__(self, title: str, body_html: str, *, entity: str, entity_id: str | None,
                 rows: int):
        self.title, self.body_html = title, body_html
        self.entity, self.entity_id, self.rows = entity, entity_id, rows
        self.images: dict[str, QImage] = {}
        self.pages = 0

    def document(self, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(QFont(doc.defaultFont().family(), 9))
        for name, image in self.images.items():
            doc.addResource(QTextDocument.ImageResource, QUrl(name), image)
        doc.setHtml(f"<h2>{html.escape(self.title)}</h2>{self.body_html}")
        doc.setPageSize(QSizeF(width, 1e9))
        return doc


def watermark_text() -> str:
    actor = _actor()
    who = (actor.name or actor.user_id) if actor is not None else ""
    text = QCoreApplication.translate("Printing", "Printed by %1 at %2")
    return text.replace("%1", who).replace(
        "%2", calendar.shown(clock.now()))


def render(printer: QPrinter, printout: Printout) -> int:
    """Lay ``printout`` out on ``printer``'s pages with the watermark on each; the page
    count."""
    mark = watermark_text()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(QCoreApplication.translate("Printing", "The printer cannot be opened."))
    try:
        scale = printer.resolution() / 96.0
        page = printer.pageRect(QPrinter.DevicePixel)
        footer = 28 * scale
        width, height = page.width() / scale, (page.height() - footer) / scale
        doc = printout.document(width)
        doc.setPageSize(QSizeF(width, height))
        count = max(1, doc.pageCount())
        for number in range(count):
            if number:
                printer.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -number * height)
            doc.drawContents(painter, QRectF(0, number * height, width, height))
            painter.restore()
            _watermark(painter, page.width(), page.height(), mark, scale)
            painter.save()
            painter.setPen(QColor("#4b5563"))
            font = QFont(doc.defaultFont().family())
            font.setPointSizeF(8)
            painter.setFont(font)
            painter.drawText(QRectF(0, page.height() - footer, page.width(), footer),
                             Qt.AlignLeft | Qt.AlignVCenter,
                             f"{printout.title} · {mark}")
            painter.drawText(QRectF(0, page.height() - footer, page.width(), footer),
                             Qt.AlignRight | Qt.AlignVCenter,
                             QCoreApplication.translate("Printing", "Page %1 of %2")
                             .replace("%1", str(number + 1))
                             .replace("%2", str(count)))
            painter.restore()
        printout.pages = count
        return count
    finally:
        painter.end()


def _watermark(painter: QPainter, width: float, height: float, text: str,
               scale: float) -> None:
    painter.save()
    painter.setPen(QColor(120, 120, 120, 60))
    font = QFont()
    font.setPointSizeF(18)
    painter.setFont(font)
    painter.translate(width / 2, height / 2)
    painter.rotate(-30)
    step = 150 * scale
    advance = painter.fontMetrics().horizontalAdvance(text)
    for row in range(-6, 7):            # tiles over the whole page, whatever its shape
        for col in (-1, 0, 1):
            painter.drawText(QPointF(col * advance * 1.4 - advance / 2 + (row % 2) * advance
                                     * 0.7, row * step), text)
    painter.restore()


def audit(printout: Printout, destination: str) -> None:
    """The audit record of a printout, as an export's (UnitOfWork.note)."""
    store, actor = _store_ref(), _actor()
    if store is None or actor is None:
        return
    with unit_of_work(store, actor) as w:
        w.note("print", printout.entity, printout.entity_id,
               {"title": printout.title, "rows": printout.rows, "pages": printout.pages,
                "to": destination})


def to_pdf(printout: Printout, path: str) -> int:
    """Write ``printout`` as a PDF at ``path`` (audited); the page count."""
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(printout.title)
    pages = render(printer, printout)
    audit(printout, "pdf")
    return pages


def preview(parent, printout: Printout) -> bool:
    """The print preview; printing from it (to paper or PDF) is audited."""
    printer = QPrinter(QPrinter.HighResolution)
    printer.setDocName(printout.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Print: %1").replace(
        "%1", printout.title))
    dialog.paintRequested.connect(lambda p: render(p, printout))
    dialog.resize(900, 700)
    if dialog.exec():
        audit(printout, "pdf" if printer.outputFormat() == QPrinter.PdfFormat else "printer")
        return True
    return False


# -- lists -------------------------------------------------------------------------

def list_printout(view, title: str, key: str) -> Printout:
    """The table ``view`` as it is shown: its columns, its rows in their order."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in tables.headers(view))
    rows = tables.shown_rows(view)
    body = "".join("<tr>" + "".join(_cell(t) for t in tables.row_texts(view, r)) + "</tr>"
                   for r in rows)
    summary = html.escape(QCoreApplication.translate("Printing", "%1 row(s)").replace(
        "%1", str(len(rows))))
    text = (f"<p>{summary}</p><table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<thead><tr style='background:#e5e7eb'>{head}</tr></thead>{body}</table>")
    return Printout(title, text, entity="list", entity_id=key, rows=len(rows))


def _cell(text: str) -> str:
    # a number, a masked ID or a phone stays on one line; longer text wraps
    keep = len(text) <= 20 and " " not in text
    return f"<td style='white-space:nowrap'>{html.escape(text)}</td>" if keep else \
        f"<td>{html.escape(text)}</td>"


def print_list(kit) -> None:
    view = kit.view
    nav = getattr(view.window(), "nav", None)          # the page's name in the window
    title = kit.title or (nav.currentItem().text() if nav is not None and nav.currentItem()
                          else view.window().windowTitle())
    preview(view.window(), list_printout(view, title, kit.key))


tables.list_printer = print_list


# -- a case sheet --------------------------------------------------------------------

def case_printout(title: str, number: str, facts: list[tuple[str, str]],
                  events: list[dict], record: str | None = None) -> Printout:
    """A case sheet: its facts, then its timeline with each step's photos. ``events``:
    dicts of ``when``, ``who``, ``what``, ``detail``, ``note`` and ``photos`` (QImages).
    ``number`` is the one people say (short); ``record`` names the case in the audit log
    (its full number, which never changes)."""
    timeline = QCoreApplication.translate("Printing", "Timeline")
    rows = "".join(f"<tr><td style='color:#4b5563' width='18%'>{html.escape(k)}</td>"
                   f"<td>{html.escape(v)}</td></tr>" for k, v in facts)
    parts = [f"<p><b>{html.escape(number)}</b></p>",
             f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{rows}</table>",
             f"<h3>{html.escape(timeline)}</h3>"]
    printout = Printout(title, "", entity="cases", entity_id=record or number,
                         rows=len(events))
    for i, event in enumerate(events):
        line = " · ".join(html.escape(x) for x in (event.get("when", ""), event.get("what", ""),
                                                   event.get("who", ""),
                                                   event.get("detail", "")) if x)
        parts.append(f"<p><b>{line}</b></p>")
        if event.get("note"):
            parts.append(f"<p>{html.escape(event['note'])}</p>")
        pictures = []
        for j, image in enumerate(event.get("photos") or []):
            name = f"photo:{i}-{j}"
            printout.images[name] = image
            width = min(320, image.width()) if image.width() else 320
            pictures.append(f"<img src='{name}' width='{width}'>")
        if pictures:
            parts.append("<table cellspacing='6'><tr>" +
                         "".join(f"<td>{p}</td>" for p in pictures) + "</tr></table>")
    printout.body_html = "".join(parts)
    return printout
