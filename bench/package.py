"""Packaging benchmark: how big the bundle and the .deb are, where the size goes, and
how long the app takes to start in smoke mode (no server) bundled/installed versus from
source, as medians of --runs runs in the same session.

    ./dev bench package                      # measure dist/griddesk (and the installed app)
    ./dev bench package --build              # build the bundle and the .deb first
    ./dev bench package --runs 9 --bundle dist/griddesk --deb dist/griddesk_0.1.0-1_amd64.deb

A start is a whole process: ``griddesk --smoke --data-dir D`` (resources, opening the
encrypted store, building and rendering the main window offscreen, exit), on a data
dir made by a first, untimed run, so every timed run opens an existing store. Prints
JSON; the goal for the bundle is at most 150 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
MIB = 1024 * 1024


def tree_bytes(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            full = Path(dirpath) / name
            if not full.is_symlink():
                total += full.stat().st_size
    return total


def biggest_parts(bundle: Path, top: int) -> list[dict]:
    """Sizes by the part a reader would name: each Qt library, each Python package
    folder, each other top-level file."""
    internal = bundle / "_internal"
    parts: dict[str, int] = {}

    def add(name: str, size: int) -> None:
        parts[name] = parts.get(name, 0) + size

    for dirpath, _dirs, files in os.walk(internal):
        for name in files:
            full = Path(dirpath) / name
            if full.is_symlink():
                continue
            rel = full.relative_to(internal).parts
            if rel[:3] == ("PySide6", "Qt", "lib"):
                key = "Qt: " + (name.split(".so")[0] if not name.startswith("libicu")
                                else "ICU (libicu*)")
            elif rel[:3] == ("PySide6", "Qt", "plugins"):
                key = "Qt plugins"
            elif rel[0] == "PySide6":
                key = "PySide6 bindings"
            elif rel[0].endswith(".dist-info"):
                key = "package metadata (*.dist-info)"
            elif len(rel) > 1:
                key = rel[0] + "/"
            else:
                key = name
            add(key, full.stat().st_size)
    for item in bundle.iterdir():
        if item.is_file() and not item.is_symlink():
            add(item.name + " (program)", item.stat().st_size)
    ranked = sorted(parts.items(), key=lambda kv: kv[1], reverse=True)[:top]
    return [{"part": k, "MB": round(v / MB, 2)} for k, v in ranked]


def time_starts(commands: dict[str, list[str]], runs: int) -> dict:
    """Median start of each command; runs are interleaved (A B C A B C …) so that load
    from other work on the machine falls on all of them alike."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRIDDESK_CONFIG=os.devnull)
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="griddesk-bench-") as tmp:
        argv = {}
        for name, cmd in commands.items():
            data = Path(tmp) / name
            argv[name] = [*cmd, "--smoke", "--data-dir", str(data)]
            first = subprocess.run(argv[name], env=env, capture_output=True, text=True,
                                   timeout=300, check=False)  # makes the store; not timed
            if first.returncode != 0:
                raise SystemExit(f"{name}: smoke failed:\n{first.stdout}{first.stderr}")
        for _ in range(runs):
            for name in commands:
                t0 = time.perf_counter()
                result = subprocess.run(argv[name], env=env, capture_output=True, text=True,
                                        timeout=300, check=False)
                times[name].append(time.perf_counter() - t0)
                if result.returncode != 0:
                    raise SystemExit(f"{name}: smoke failed:\n{result.stdout}{result.stderr}")
    return {name: {"command": " ".join(commands[name]),
                   "median_s": round(statistics.median(t), 3), "min_s": round(min(t), 3),
                   "max_s": round(max(t), 3), "runs": runs} for name, t in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "griddesk")
    ap.add_argument("--deb", type=Path, help="default: the newest dist/griddesk_*.deb")
    ap.add_argument("--installed", type=Path, default=Path("/opt/griddesk/griddesk"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--build", action="store_true", help="run packaging/build-deb.sh first")
    args = ap.parse_args()

    report: dict = {}
    if args.build:
        t0 = time.perf_counter()
        subprocess.run([str(ROOT / "packaging" / "build-deb.sh")], cwd=ROOT, check=True)
        report["build_s"] = round(time.perf_counter() - t0, 1)
    if not (args.bundle / "griddesk").exists():
        raise SystemExit(f"no bundle at {args.bundle}: run with --build")
    size = tree_bytes(args.bundle)
    report["bundle"] = {"path": str(args.bundle), "MB": round(size / MB, 1),
                        "MiB": round(size / MIB, 1), "goal_MB": 150,
                        "biggest": biggest_parts(args.bundle, args.top)}
    debs = sorted((ROOT / "dist").glob("griddesk_*.deb"), key=lambda p: p.stat().st_mtime)
    deb = args.deb or (debs[-1] if debs else None)
    if deb and deb.exists():
        report["deb"] = {"path": str(deb), "MB": round(deb.stat().st_size / MB, 1)}

    commands = {"source": [sys.executable, "-m", "app"],
                "bundle": [str(args.bundle / "griddesk")]}
    if args.installed.exists():
        commands["installed"] = [str(args.installed)]
    start = time_starts(commands, args.runs)
    base = start["source"]["median_s"]
    for name in list(start):
        if name != "source":
            start[f"{name}_vs_source"] = round(start[name]["median_s"] / base, 2)
    report["start"] = start
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
