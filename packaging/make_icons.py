"""Render resources/icons/griddesk.svg (the one source) to the PNGs the desktop entry
and the window use, and the .ico the Windows build uses.

    .venv/bin/python packaging/make_icons.py

Run it after changing the SVG; the outputs are committed so builds need no extra step.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int, out: Path) -> None:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"cannot write {out}")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "griddesk.svg"))
    if not renderer.isValid():
        raise SystemExit("griddesk.svg does not parse")
    for size in SIZES:
        render(renderer, size, ICONS / f"griddesk-{size}.png")
    (ICONS / "griddesk.png").write_bytes((ICONS / "griddesk-256.png").read_bytes())
    Image.open(ICONS / "griddesk-256.png").save(
        ICONS / "griddesk.ico", sizes=[(s, s) for s in SIZES])
    print(f"icons written to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
