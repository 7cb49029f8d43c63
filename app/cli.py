"""Command line: ``griddesk [--data-dir DIR] [--lang zh_CN|en]``, ``griddesk demo``,
``griddesk demo-data --data-dir DIR --residents N [--seed S]``."""
from __future__ import annotations

import argparse
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
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="open the app on a demo street (made on first use)")
    _common(demo, suppress=True)
    demo.add_argument("--residents", type=int, default=3000)
    demo.add_argument("--seed", type=int, default=1)
    data = sub.add_parser("demo-data", help="generate a demo street into a data dir")
    _common(data, suppress=True)
    data.add_argument("--residents", type=int, required=True)
    data.add_argument("--seed", type=int, default=1)
    return parser


def make_demo_data(data_dir: Path, residents: int, seed: int, *, quiet: bool = False) -> dict:
    from app.models import demo, demo_cases
    from app.models.store import open_store

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
    if args.command == "demo-data":
        if args.data_dir is None:
            raise SystemExit("demo-data needs --data-dir")
        make_demo_data(args.data_dir, args.residents, args.seed)
        return 0
    if args.command == "demo":
        data_dir = args.data_dir or (default_data_dir().parent / "GridDesk-demo")
        from app.models.store import DB_NAME
        if not (data_dir / DB_NAME).exists():
            make_demo_data(data_dir, args.residents, args.seed)
        from app.ui.app import run_app
        return run_app(data_dir, args.lang, demo=True)
    from app.ui.app import run_app
    return run_app(args.data_dir or default_data_dir(), args.lang)
