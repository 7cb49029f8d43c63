"""Qt objects in reference cycles are freed on the GUI thread, even when a worker
thread is the one allocating (app/ui/shell/gc_guard.py)."""
from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QDialog, QPushButton

from app.ui.shell import gc_guard


def test_the_app_collects_garbage_only_on_the_gui_thread(qapp):
    from app.ui.shell.app import create_application
    app = create_application("zh_CN")
    assert not gc.isenabled()               # no collection can start in a worker thread
    assert app._griddesk_gc.timer.isActive()


def test_cyclic_widgets_die_on_the_gui_thread_while_a_worker_allocates(qtbot, qapp):
    gc_guard.install(qapp)
    assert not gc.isenabled()
    died_in = []

    def make_cycle():
        dlg = QDialog()
        QPushButton("x", dlg)
        dlg.keep = {"owner": dlg}          # a reference cycle through Python attributes
        dlg.destroyed.connect(lambda *_: died_in.append(threading.get_ident()))
    for _ in range(20):
        make_cycle()

    stop = threading.Event()

    def allocate():   # a worker making lots of garbage, as a sync does
        while not stop.is_set():
            [{"k": [i]} for i in range(2000)]
    worker = threading.Thread(target=allocate)
    worker.start()
    try:
        qtbot.waitUntil(lambda: len(died_in) == 20, timeout=10000)
    finally:
        stop.set()
        worker.join()
    assert set(died_in) == {threading.main_thread().ident}
