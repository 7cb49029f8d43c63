"""Command line: ``griddesk [--data-dir DIR] [--lang zh_CN|en]``, ``griddesk demo``,
``griddesk demo-data --data-dir DIR --residents N [--seed S]``,
``griddesk diagnostics --out F.zip``, ``griddesk --smoke [--server URL --user U]``, and the
headless commands for IT (app.cli_commands): ``griddesk sync|import|export|check --data-dir D``."""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from app import __version__
from app.paths import default_data_dir

LANGS = ("zh_CN", "en")


def _common(p: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    p.add_argument("--data-dir", type=Path, default=default,
                   help="folder holding the database, key and logs")
    p.add_argument("--lang", choices=LANGS, default=default,
                   help="UI language (default: the saved setting, else zh_CN)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="griddesk", description="GridDesk 网格工作台")
    parser.add_argument("--version", action="version", version=f"GridDesk {__version__}")
    _common(parser, suppress=False)
    server = parser.add_argument_group(
        "city server (override the user settings and the system config file)")
    server.add_argument("--server", metavar="URL", help="the city server's base URL")
    server.add_argument("--ca-bundle", metavar="FILE",
                        help="PEM file of the CA that signed the server's certificate")
    server.add_argument("--proxy", metavar="URL", help="HTTP(S) proxy, e.g. http://host:3128")
    it = parser.add_argument_group("for IT")
    it.add_argument("--debug", action="store_true",
                    help="log at DEBUG level, also to the terminal (griddesk-debug does this)")
    it.add_argument("--smoke", action="store_true",
                    help="check this install: open the database, sign in and sync once "
                         "(with --server/--user), render the main window offscreen, exit 0")
    it.add_argument("--user", help="user name for the --smoke sign-in")
    it.add_argument("--password", help="password for the --smoke sign-in (visible to other "
                                       "users of this PC: prefer --password-env)")
    it.add_argument("--password-env", metavar="NAME",
                    help="environment variable holding the --smoke password")
    # the smoke run's child: does the platform the user would get load? (app.ui.shell.app)
    it.add_argument("--probe-platform", action="store_true", help=argparse.SUPPRESS)
    it.add_argument("--screenshot", type=Path, metavar="PNG",
                    help="with --smoke: save the rendered main window here")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="open the app on a demo street (made on first use)")
    _common(demo, suppress=True)
    demo.add_argument("--residents", type=int, default=3000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--as", dest="demo_user", default="supervisor",
                      help="demo account to sign in as (supervisor, center, worker1, dept)")
    data = sub.add_parser("demo-data", help="generate a demo street into a data dir")
    _common(data, suppress=True)
    data.add_argument("--residents", type=int, required=True)
    data.add_argument("--seed", type=int, default=1)
    diag = sub.add_parser("diagnostics",
                          help="write a zip of logs, versions and settings for IT "
                               "(no personal data)")
    _common(diag, suppress=True)
    diag.add_argument("--out", type=Path, required=True, help="the zip file to write")
    _add_headless(sub)
    return parser


def _headless(sub, name: str, help_text: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text)
    _common(p, suppress=True)
    p.add_argument("--user", default=argparse.SUPPRESS,
                   help="the user whose store to use (a PC with personal stores), or to "
                        "sign in as")
    p.add_argument("--password-env", metavar="NAME", default=argparse.SUPPRESS,
                   help="environment variable holding that user's password")
    return p


def _add_headless(sub) -> None:
    """griddesk sync|import|export|check: no window; JSON on stdout; exit 0 ok, 1 failed
    or needs attention, 2 bad usage, 3 the store is in use (app.cli_commands)."""
    sync = _headless(sub, "sync", "sync once without a window (JSON summary)")
    sync.add_argument("--server", metavar="URL", default=argparse.SUPPRESS,
                      help="the city server, for the first sign-in of this store")
    imp = _headless(sub, "import", "import residents from an xlsx/CSV file, the wizard's rules")
    imp.add_argument("file", type=Path)
    imp.add_argument("--policy", choices=("update", "skip"), default="update",
                     help="people already in the roster: update them or leave them")
    imp.add_argument("--into", metavar="GRID_CODE",
                     help="the grid for new estates and rows without an address")
    imp.add_argument("--create-addresses", action="store_true",
                     help="create estates, buildings, units and rooms missing from the tree")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--report", type=Path, metavar="XLSX",
                     help="write the refused rows and their reasons here")
    exp = _headless(sub, "export", "export the roster to xlsx (masked unless --full)")
    exp.add_argument("--out", type=Path, required=True)
    exp.add_argument("--full", action="store_true",
                     help="full ID numbers and phones (roles that may; needs --reason)")
    exp.add_argument("--reason", help="why the full values are taken out (audited)")
    exp.add_argument("--under", metavar="CODE", help="only residents under this org/address")
    chk = _headless(sub, "check", "integrity, pending changes, last sync (JSON)")
    chk.add_argument("--max-pending-days", type=float, default=7,
                     help="changes waiting longer than this need attention (default 7)")


def _is_debug_build() -> bool:
    # The bundle's console program (griddesk-debug) logs verbosely without a flag. On
    # Linux it is a symlink to griddesk, so its name is only in argv[0].
    if not getattr(sys, "frozen", False):
        return False
    names = (Path(sys.executable).stem, Path(sys.argv[0]).stem if sys.argv else "")
    return any(name.lower().endswith("-debug") for name in names)


def _start_logging(data_dir: Path, args) -> None:
    from app import crash, logs

    debug = args.debug or _is_debug_build()
    logs.setup(data_dir, level=logging.DEBUG if debug else logging.INFO, console=debug)
    # Until the window exists a crash goes to stderr; the UI then adds its dialog.
    crash.install(data_dir)
    logging.getLogger("griddesk").info(
        "GridDesk %s starting (python %s, %s, frozen=%s, data dir %s)", __version__,
        sys.version.split()[0], sys.platform, bool(getattr(sys, "frozen", False)), data_dir)


def config_overrides(args) -> dict:
    """The command line's part of app.config.load()."""
    return {"server_url": args.server, "ca_bundle": args.ca_bundle, "proxy": args.proxy}


def make_demo_data(data_dir: Path, residents: int, seed: int, *, quiet: bool = False) -> dict:
    from app.models.demo import cases as demo_cases
    from app.models.demo import street as demo
    from app.models.store.database import open_store

    store = open_store(data_dir)
    try:
        if store.conn.execute("SELECT count(*) FROM org_units").fetchone()[0]:
            raise SystemExit(f"{data_dir} already holds data; choose an empty --data-dir")
        start = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if not quiet:
                print(f"\r{100 * done // max(total, 1)}%", end="", file=sys.stderr, flush=True)

        summary = demo.generate(store, residents, seed=seed, progress=progress)
        summary["cases"] = demo_cases.generate_cases(store, max(20, min(residents // 20, 3000)),
                                                     seed=seed)
        if not quiet:
            print(f"\nDemo street written to {data_dir} in {time.perf_counter() - start:.1f}s: "
                  f"{ {k: v for k, v in summary.items() if isinstance(v, int)} }", file=sys.stderr)
        return summary
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.probe_platform:
        from app.ui.shell.platform_check import probe
        return probe()
    if args.command in ("sync", "import", "export", "check"):
        from app import cli_commands
        return cli_commands.run(args.command, args)
    if args.command == "diagnostics":
        from app import diagnostics
        out = diagnostics.export(args.data_dir or default_data_dir(), args.out,
                                 extra=_qt_facts())
        print(out)
        return 0
    if args.command == "demo-data":
        if args.data_dir is None:
            raise SystemExit("demo-data needs --data-dir")
        make_demo_data(args.data_dir, args.residents, args.seed)
        return 0
    if args.command == "demo":
        # a city server on loopback with the demo street + this desktop signed in to it
        if getattr(sys, "frozen", False):
            # the installed bundle leaves the city server out: the demo needs one
            print("griddesk demo runs from a source checkout (./dev demo); the installed "
                  "app connects to the city server in /etc/griddesk/config.toml",
                  file=sys.stderr)
            return 2
        data_dir = args.data_dir or (default_data_dir().parent / "GridDesk-demo")
        _start_logging(data_dir, args)
        from app.demo_launch import run_demo
        return run_demo(data_dir, residents=args.residents, seed=args.seed, lang=args.lang,
                        username=args.demo_user, overrides=config_overrides(args))
    data_dir = args.data_dir or default_data_dir()
    _start_logging(data_dir, args)
    if args.smoke:
        password = args.password
        if args.password_env:
            password = os.environ.get(args.password_env)
            if not password:
                print(f"smoke: FAILED: environment variable {args.password_env} is empty",
                      file=sys.stderr)
                return 1
        from app.ui.shell.app import run_smoke
        return run_smoke(data_dir, args.lang, overrides=config_overrides(args),
                         user=args.user, password=password, screenshot=args.screenshot)
    from app.ui.shell.app import run_app
    return run_app(data_dir, args.lang, overrides=config_overrides(args))


def _qt_facts() -> dict | None:
    """Qt's versions for the diagnostics zip, when Qt can be loaded at all (a broken Qt
    install is one of the things IT exports diagnostics for)."""
    try:
        from app.ui.shell.app import qt_facts
        return qt_facts()
    except Exception as exc:  # noqa: BLE001
        return {"qt_error": f"{type(exc).__name__}: {exc}"}
