"""Start-up: QApplication, translations, the store, the main window; the crash dialog
hook; and the smoke run IT and CI use to check an install (``griddesk --smoke``)."""
from __future__ import annotations

import inspect
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.paths import resource_path
# re-exported: the command line and tests know them by these names
from app.ui.shell.diagnostics_export import qt_facts  # noqa: F401
from app.ui.shell import placement
from app.ui.shell.exit_codes import SWITCH_USER
from app.ui.shell.restore_dialog import offer_restore

log = logging.getLogger("griddesk.startup")
# Files the app cannot run without; a bundle that lost one fails the smoke run by name.
REQUIRED_RESOURCES = (("i18n", "griddesk_zh_CN.qm"), ("dictionaries", "categories.json"),
                      ("icons", "griddesk.png"))


def _pick_font(app: QApplication) -> None:
    # Prefer a CJK-capable UI font when one is installed, so Chinese renders evenly.
    families = set(QFontDatabase.families())
    for family in ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC",
                   "WenQuanYi Micro Hei", "Source Han Sans SC"):
        if family in families:
            font = QFont(family)
            font.setPointSize(10)
            app.setFont(font)
            return


def _app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resource_path("icons", f"griddesk-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


def create_application(lang: str | None) -> QApplication:
    from app.ui.common.i18n import DEFAULT_LANG, install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.ui.shell import gc_guard
    gc_guard.install(app)   # cyclic garbage is freed on the GUI thread, never in a worker
    app.setApplicationName("GridDesk")
    app.setOrganizationName("GridDesk")
    app.setApplicationVersion(__version__)
    # Matches griddesk.desktop, so Wayland and docks tie the window to the desktop entry.
    app.setDesktopFileName("griddesk")
    app.setWindowIcon(_app_icon())
    _pick_font(app)
    for old in getattr(app, "_griddesk_translators", []):  # a second call switches language
        app.removeTranslator(old)
    app._griddesk_translators = install_translators(app, lang or DEFAULT_LANG)
    return app


def _choose_lang(store, lang: str | None) -> str:
    from app.models.store import settings

    return lang or os.environ.get("GRIDDESK_LANG") or settings.get(store.conn, "ui.language")


def open_main_window(data_dir: Path, lang: str | None, *, demo: bool = False):
    """Open the store and build the main window; returns (app, window) or raises StoreError."""
    from app.models.store.database import open_store
    from app.ui.shell.main_window import MainWindow

    store = open_store(data_dir)
    app = create_application(_choose_lang(store, lang))
    window = MainWindow(store, demo=demo)
    return app, window


_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def _qt_message(kind, _context, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def install_qt_logging() -> None:
    """Qt's own warnings (a missing plugin, a font problem) into our log file."""
    qInstallMessageHandler(_qt_message)


def effective_config(store, overrides: dict | None):
    """The server config for this run (app.config precedence); None if the system
    config file is broken — the app still works offline, and the log says why."""
    from app import config

    try:
        cfg = config.load(cli=overrides, conn=store.conn)
    except config.ConfigError as exc:
        log.error("server config unusable: %s", exc)
        return None
    log.info("server config: %s", cfg.redacted())
    for warning in cfg.warnings:
        log.warning("%s", warning)
    return cfg


def run_app(data_dir: Path, lang: str | None, *, demo: bool = False,
            overrides: dict | None = None) -> int:
    """Start-up. On a PC that talks to a city server (one is configured, or someone
    has signed in here before) every person signs in and gets their own store
    (app.models.store.accounts); otherwise the one local store opens as before (a pilot
    without a server, the demo)."""
    from app import config
    from app.models.store.accounts import Accounts

    data_dir = Path(data_dir)
    install_qt_logging()
    accounts = Accounts(data_dir)
    try:
        cfg = config.load(cli=overrides)
    except config.ConfigError as exc:
        log.error("server config unusable: %s", exc)
        cfg = None
    if demo or not (accounts.list() or (cfg and cfg.server_url)):
        return _run_local(data_dir, lang, demo=demo, overrides=overrides)
    while True:
        code = _run_signed_in(data_dir, lang, accounts, cfg, overrides)
        if code != SWITCH_USER:
            return code


def _run_signed_in(data_dir: Path, lang, accounts, cfg, overrides) -> int:
    from app.ui.shell import crash_dialog
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell.signin_dialog import SignInDialog

    app = create_application(lang or os.environ.get("GRIDDESK_LANG") or "zh_CN")
    if not getattr(app, "_griddesk_crash_notifier", None):
        app._griddesk_crash_notifier = crash_dialog.install(app, data_dir)
    dialog = SignInDialog(None, data_dir, server_url=cfg.server_url if cfg else None,
                          accounts=accounts)
    dialog.resize(520, dialog.sizeHint().height())
    accepted = dialog.exec()
    store, account = dialog.store, dialog.account
    # the dialog is gone with this function; it must not keep the store alive meanwhile
    dialog.store = None
    dialog.deleteLater()
    del dialog
    if not accepted or store is None:
        return 0
    lock = hold_store(Path(store.path).parent)
    if lock is None:
        store.close()
        return STORE_IN_USE
    log.info("signed in: %s (%s)", account.user_id, account.role)
    app._griddesk_config = effective_config(store, overrides)
    window = MainWindow(store, accounts=accounts, account=account)
    placement.show_placed(window)
    start_health_checks(window, store)
    code = app.exec()
    end_session(window, store)
    lock.release()
    return code


STORE_IN_USE = 3


def hold_store(folder: Path):
    """The store lock (app.models.store.instance_lock) for this window, or None after
    telling the user which program holds the store (a headless ``griddesk sync`` of IT,
    another window). A lock file left by a process that died holds nothing."""
    from app.models.store.instance_lock import StoreInUse, StoreLock

    try:
        return StoreLock(folder, "the GridDesk window").acquire()
    except StoreInUse as exc:
        log.error("store in use: %s", exc)
        if QApplication.instance() is None:
            create_application(None)
        holder = exc.holder.get("program") or "?"
        if exc.holder.get("pid"):
            holder += f" (pid {exc.holder['pid']})"
        QMessageBox.critical(None, "GridDesk", QCoreApplication.translate(
            "Startup", "The GridDesk data in %1 is in use by another program: %2. Close it "
                       "and start GridDesk again.").replace("%1", str(folder)).replace(
            "%2", holder))
        return None


def end_session(window, store) -> None:
    """切换用户 or exit: nothing of the person who was signed in stays in memory or open.
    The window releases its workers and connections (MainWindow.release), is deleted
    with its pages and models, the store's connection is closed, and module-level
    caches that may hold text of their rows are emptied. The caller drops its last
    references (tests/security/test_switch_user.py checks all of it with weakrefs)."""
    import gc

    from PySide6.QtCore import QEvent

    window.close()
    window.release()               # also when the window was closed before
    clipboard = QApplication.clipboard()
    if clipboard.ownsClipboard():  # a value this person copied is not the next one's
        clipboard.clear()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QCoreApplication.processEvents()
    store.close()
    forget_cached_rows()
    gc.collect()                   # Python-side cycles (a page's callback to its window)


def forget_cached_rows() -> None:
    """Empty module-level caches that may hold a person's text (an import's cells)."""
    from app.models.io import normalise
    from app.ui.cases import photo_fetch

    normalise.clear_caches()
    photo_fetch.forget()


def _run_local(data_dir: Path, lang, *, demo: bool, overrides) -> int:
    from app.models.store.database import StoreError, open_store
    from app.ui.shell import crash_dialog
    from app.ui.shell.main_window import MainWindow

    lock = hold_store(data_dir)
    if lock is None:
        return STORE_IN_USE
    try:
        store = open_store(data_dir)
    except StoreError as exc:
        log.error("store cannot be opened: %s", exc)
        app = create_application(lang)
        lock.release()   # the restore works on the files
        return offer_restore(data_dir / "griddesk.db", str(exc))
    app = create_application(_choose_lang(store, lang))
    app._griddesk_crash_notifier = crash_dialog.install(app, data_dir)  # alive until exit
    # Logged for IT at every start; kept for the sign-in and sync code to read.
    app._griddesk_config = effective_config(store, overrides)
    window = MainWindow(store, demo=demo)
    placement.show_placed(window)
    log.info("main window shown")
    start_health_checks(window, store)
    code = app.exec()
    log.info("GridDesk exits with %s", code)
    lock.release()
    return code


def start_health_checks(window, store) -> None:
    """``PRAGMA quick_check`` and the daily backup, off the GUI thread once the window
    is up (a million-resident database takes seconds to check)."""
    from app.models.store import backup
    from app.ui.common.threads import run_task

    def work():
        ws = store.worker_store()
        try:
            problems = backup.check(ws.conn)
        finally:
            ws.close()
        made = None if problems else backup.daily(store)
        return problems, made

    def done(result):
        problems, made = result
        if made:
            log.info("daily backup written: %s", made.name)
        if problems:
            log.error("quick_check found problems: %s", problems[:5])
            QMessageBox.critical(window, "GridDesk", QCoreApplication.translate(
                "Startup", "The local database is damaged (%1). Close GridDesk and start it "
                "again to restore the latest backup; changes not yet sent are re-sent from "
                "it.").replace("%1", "; ".join(problems[:3])))
    run_task(work, done, _health_check_failed)


def _health_check_failed(exc: Exception) -> None:
    log.error("health check failed: %s", exc)


def run_smoke(data_dir: Path, lang: str | None, *, overrides: dict | None = None,
              user: str | None = None, password: str | None = None,
              screenshot: Path | None = None) -> int:
    """Check an install end to end without a person: resources, the database, (with a
    server and a user) sign-in and one sync, the main window rendered offscreen. Prints
    one line per step; exit 0 when all passed, 1 with ``smoke: FAILED at STEP: why``."""
    # the platform a user starting GridDesk here would get, before the smoke's own
    # offscreen rendering: checked on its own (a missing xcb library aborts Qt)
    user_platform = os.environ.get("QT_QPA_PLATFORM")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    step = "start"
    store = lock = None

    def say(message: str) -> None:
        log.info("smoke: %s", message)
        if sys.stdout is not None:
            try:
                print(f"smoke: {message}", flush=True)
            except BrokenPipeError:  # the reader went away; the log still has it
                pass

    try:
        step = "resources"
        missing = [str(resource_path(*p)) for p in REQUIRED_RESOURCES
                   if not resource_path(*p).is_file()]
        if missing:
            raise FileNotFoundError("missing " + ", ".join(missing))
        say(f"GridDesk {__version__}, resources in {resource_path()}")

        step = "database"
        from app.models.store.database import open_store
        from app.models.store.instance_lock import StoreLock
        lock = StoreLock(Path(data_dir), "griddesk --smoke").acquire()
        store = open_store(Path(data_dir))
        residents = store.conn.execute("SELECT count(*) FROM residents").fetchone()[0]
        say(f"database opened: {store.path} (schema v{store.schema_version}, "
            f"{residents} residents)")

        step = "config"
        from app import config as app_config
        cfg = app_config.load(cli=overrides, conn=store.conn)
        say(f"server: {cfg.server_url or 'none'} (from {cfg.sources['server_url']})")

        step = "sync"
        _smoke_sync(store, cfg, user, password, say)

        step = "platform"
        from app.ui.shell.platform_check import check_platform
        say(check_platform(user_platform))

        step = "main window"
        from app.ui.shell.main_window import MainWindow
        app = create_application(_choose_lang(store, lang))
        install_qt_logging()
        # The smoke synced once already; a background sync worker would race the exit.
        quiet = ({"start_sync": False}
                 if "start_sync" in inspect.signature(MainWindow).parameters else {})
        window = MainWindow(store, **quiet)
        window.resize(1280, 800)
        window.show()
        for _ in range(3):  # layout, then polish, then paint
            app.processEvents()
        image = window.grab().toImage()
        if image.isNull() or image.width() < 200 or image.height() < 200:
            raise RuntimeError(f"the window rendered as {image.width()}x{image.height()}")
        colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
                   for y in range(0, image.height(), 29)}
        if len(colours) < 4:
            raise RuntimeError(f"the window rendered nearly blank ({len(colours)} colours)")
        if screenshot is not None:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(screenshot)):
                raise OSError(f"cannot write {screenshot}")
        window.close()
        window.deleteLater()
        app.processEvents()
        say(f"main window rendered {image.width()}x{image.height()} on "
            f"{app.platformName()!r} ({len(colours)} colours sampled)")
        say(f"OK in {time.perf_counter() - started:.2f} s")
        return 0
    except Exception as exc:  # every failure becomes one clear line
        log.exception("smoke failed at %s", step)
        if sys.stderr is not None:
            from app.logs import log_path
            try:
                print(f"smoke: FAILED at {step}: {type(exc).__name__}: {exc}\n"
                      f"smoke: the log has the details: {log_path(data_dir)}",
                      file=sys.stderr, flush=True)
            except OSError:
                pass
        return 1
    finally:
        if store is not None:
            store.close()
        if lock is not None:
            lock.release()


def _smoke_sync(store, cfg, user, password, say) -> None:
    if not cfg.server_url:
        say("no server configured: sign-in and sync skipped")
        return
    if not user:
        say("no --user given: sign-in and sync skipped")
        return
    if not password:
        raise ValueError("--user needs --password or --password-env")
    try:
        from app.sync import smoke as sync
    except ImportError as exc:
        say(f"sync is not available in this build ({exc}); sign-in and sync skipped")
        return
    if not hasattr(sync, "run_once"):
        say("sync is not available in this build; sign-in and sync skipped")
        return
    import socket

    t0 = time.perf_counter()
    summary = sync.run_once(store, cfg.server_url, user, password,
                            device_name=f"smoke {socket.gethostname()}")
    counts = ", ".join(f"{k} {summary[k]}" for k in ("pushed", "pulled") if k in summary)
    say(f"signed in to {cfg.server_url} as {user} and synced in "
        f"{time.perf_counter() - t0:.2f} s ({counts or summary})")
