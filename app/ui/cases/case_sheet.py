"""The case sheet: what the case detail shows (its facts, its timeline and the photos
of each step), laid out for paper by app.ui.common.printing."""
from __future__ import annotations

from PySide6.QtGui import QImage, QTextDocumentFragment
from PySide6.QtWidgets import QLabel

from app.models.domain.case_fields import shown_number
from app.ui.common import printing


def _plain(text: str) -> str:
    return QTextDocumentFragment.fromHtml(text).toPlainText().strip()


def _facts(grid) -> list[tuple[str, str]]:
    facts = []
    for row in range(grid.rowCount()):
        for col in range(0, grid.columnCount(), 2):
            key, value = grid.itemAtPosition(row, col), grid.itemAtPosition(row, col + 1)
            if key is None or value is None:
                continue
            name, shown = key.widget(), value.widget()
            if isinstance(name, QLabel) and isinstance(shown, QLabel):
                facts.append((name.text(), shown.text()))
    return facts


def _photo(cases, sha: str) -> QImage | None:
    for thumb in (False, True):
        data = cases.photo_bytes(sha, thumb=thumb)
        if data:
            image = QImage()
            if image.loadFromData(data):
                return image
    return None


def case_printout(detail) -> printing.Printout:
    """The sheet of the case open in ``detail`` (a CaseDetailDialog), as it shows it."""
    cases, case = detail.cases, detail.case
    lines = [_plain(line) for line in detail.header.text().split("<br>")]
    title = lines[0] if lines else case["title"]
    frames = [detail.timeline.itemAt(i).widget() for i in range(detail.timeline.count())]
    events = []
    for event, frame in zip(cases.events(detail.case_id), frames):
        texts = [_plain(w.text()) for w in frame.findChildren(QLabel)
                 if w.pixmap().isNull() and w.text()]
        photos = [img for img in (_photo(cases, sha) for sha in event.get("photos") or [])
                  if img is not None]
        events.append({"what": texts[0] if texts else "",
                       "note": "\n".join(texts[1:]), "photos": photos})
    return printing.case_printout(title, shown_number(case), _facts(detail.facts), events,
                                  record=case["number"])


def print_case(detail, path: str | None = None) -> int | bool:
    """Print the case sheet (preview first), or write it to the PDF ``path``."""
    printout = case_printout(detail)
    if path is not None:
        return printing.to_pdf(printout, path)
    return printing.preview(detail, printout)
