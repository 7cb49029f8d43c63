"""Open the main window on a given screen (an offscreen screen of the size asked for,
QT_SCALE_FACTOR as set by the caller) and report, for every page of every role, whether
the window, its status bar and the page's bottom buttons lie inside the screen.

    python tests/fit_probe.py DATA_DIR OUT_DIR WIDTH HEIGHT [--shots]

Run in a process of its own (tests/test_shell_basics.py): the screen size and the scale
factor are fixed when Qt starts. Prints one JSON object on stdout."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def configure_screen(width: int, height: int) -> None:
    conf = Path(tempfile.mkdtemp()) / "screen.json"
    conf.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0,
                                             "width": width, "height": height,
                                             "logicalDpi": 96, "logicalBaseDpi": 96,
                                             "dpr": 1}],
                                 "windowFrameMargins": False}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={conf}"


def inside(rect, area) -> bool:
    return area.contains(rect.topLeft()) and area.contains(rect.bottomRight())


def main() -> int:
    data_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    width, height = int(sys.argv[3]), int(sys.argv[4])
    shots = "--shots" in sys.argv
    configure_screen(width, height)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

    from app.models.domain import rights
    from app.models.store import settings
    from app.models.store.database import open_store
    from app.ui.shell.app import create_application
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell import placement

    (data_dir / "layout.ini").unlink(missing_ok=True)    # a first start on this screen
    store = open_store(data_dir)
    app = create_application("zh_CN")
    window = MainWindow(store, start_sync=False)
    placement.show_placed(window)
    for _ in range(5):
        app.processEvents()
    area = placement.available(window)
    print("placed", window.geometry().getRect(), window.isMaximized(), file=sys.stderr)
    report = {"screen": [area.width(), area.height()], "problems": [], "pages": []}

    def on_screen(widget) -> QRect:
        top_left = widget.mapToGlobal(QPoint(0, 0))
        return QRect(top_left, widget.size())

    def check(where: str) -> None:
        frame = window.frameGeometry()
        if not inside(frame, area):
            report["problems"].append(f"{where}: window {frame.getRect()} beyond {area.getRect()}")
        for name, widget in (("status bar", window.statusBar()),
                             ("sync button", window.sync_button)):
            if not widget.isVisible() or not inside(on_screen(widget), area) or \
                    not inside(on_screen(widget), window.geometry()):
                report["problems"].append(f"{where}: {name} not on screen "
                                          f"{on_screen(widget).getRect()}")
        page = window.stack.currentWidget()
        # what the page's scroll area shows without scrolling: a button must be there
        viewport = page.parentWidget()
        shown = on_screen(viewport).intersected(area)
        if page.width() > viewport.width() + 1:
            wide = sorted(((w.minimumSizeHint().width(), type(w).__name__, w.objectName())
                           for w in page.findChildren(QWidget) if w.isVisibleTo(page)),
                          reverse=True)[:4]
            report["problems"].append(f"{where}: the page scrolls sideways "
                                      f"({page.width()} > {viewport.width()}; widest: {wide})")
        for button in page.findChildren(QAbstractButton):
            if button.isVisibleTo(page) and button.window() is window and \
                    not inside(on_screen(button), shown):
                report["problems"].append(f"{where}: button {button.text()!r} off screen "
                                          f"{on_screen(button).getRect()}")

    roles = ("community_supervisor", "grid_worker", "dept_handler", "auditor")
    for role in roles:
        settings.set(store, "user.role", role)
        window.reload_user()
        for key in rights.pages(role):
            page = window.page(key)
            window.go_to(window.stack.indexOf(page))
            for _ in range(5):
                app.processEvents()
            check(f"{role}/{key}")
            report["pages"].append(f"{role}/{key}")
            if shots and (role == "community_supervisor" or key in ("audit", "review")):
                window.grab().save(str(out_dir / f"{role}-{key}.png"))
    hint = window.minimumSizeHint()
    report["minimum"] = [hint.width(), hint.height()]
    if hint.width() > area.width() or hint.height() > area.height():
        report["problems"].append(f"minimum size {report['minimum']} beyond the screen")
    print(json.dumps(report, ensure_ascii=False))
    window.close()
    store.close()
    QApplication.instance().processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
