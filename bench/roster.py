"""Roster benchmark (quality.md): open-to-window time, search latency per keystroke
by kind of query, RSS before and after scrolling the whole roster.

    ./dev bench roster                       # 100,000 and 1,000,000 residents
    ./dev bench roster --residents 100000

Demo data dirs are cached under bench/out/ (generation is reported, not timed
as part of the figures). Each size is measured in a fresh child process so the
start-up and memory figures are those of a real launch. Prints JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k] * 1000, 2)


def keystrokes(conn, rng, samples: int) -> dict[str, list[str]]:
    """What a person types, keystroke by keystroke, for each kind of query."""
    from app.models.roster.pinyin import syllables
    n = conn.execute("SELECT max(rid) FROM residents").fetchone()[0]
    kinds: dict[str, list[list[str]]] = {k: [] for k in (
        "name_substring", "pinyin_initials", "pinyin_full", "id_tail", "phone_tail", "address")}
    while len(kinds["name_substring"]) < samples:
        row = conn.execute(
            "SELECT r.name, r.id_number, r.phone, a.full_name FROM residents r "
            "LEFT JOIN households h ON h.id = r.household_id "
            "LEFT JOIN addresses a ON a.id = h.room_id WHERE r.rid = ?",
            (rng.randint(1, n),)).fetchone()
        if not row or not row[1] or not row[2] or not row[3]:
            continue
        name, idn, phone, addr = row
        given = name[1:] if len(name) > 1 else name
        syl = syllables(name)
        initials = "".join(s[0] for s in syl)
        full = "".join(syl)
        parts = addr.split()
        building_unit = "".join(parts[1:3]) if len(parts) >= 3 else addr
        kinds["name_substring"].append([given[:i] for i in range(1, len(given) + 1)])
        kinds["pinyin_initials"].append([initials[:i] for i in range(1, len(initials) + 1)])
        kinds["pinyin_full"].append([full[:i] for i in range(1, len(full) + 1)])
        kinds["id_tail"].append([idn[-i:] for i in range(1, 7)])
        kinds["phone_tail"].append([phone[-i:] for i in range(1, 5)])
        kinds["address"].append([building_unit[:i] for i in range(1, len(building_unit) + 1)])
    return {k: [s for seq in v for s in seq] for k, v in kinds.items()}


def child(data_dir: Path, samples: int, scroll: bool = True) -> dict:
    """Runs in a fresh process: start the app, measure, print JSON."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import psutil

    from app.models.roster import search
    from app.ui.shell.app import open_main_window

    proc = psutil.Process()
    app, window = open_main_window(data_dir, "zh_CN")
    window.resize(1280, 800)
    window.show()
    page = window.roster_page
    while page.model.rowCount() == 0:
        app.processEvents()
    window.repaint()
    app.processEvents()
    open_s = time.perf_counter() - T0

    # Search: time from a keystroke's query to the first screenful of rows ready to paint.
    rng = random.Random(7)
    typed = keystrokes(window.store.conn, rng, samples)
    model = page.model
    latencies, counts = {}, {}
    for kind, texts in typed.items():
        times, ctimes = [], []
        for text in texts:
            t = time.perf_counter()
            model.set_query(search.RosterQuery(text=text))
            for r in range(min(30, model.rowCount())):
                model.data(model.index(r, 0))
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            search.count(window.store.conn, search.RosterQuery(text=text))
            ctimes.append(time.perf_counter() - t)
        latencies[kind] = {"keystrokes": len(times), "p50_ms": pct(times, 50),
                           "p95_ms": pct(times, 95), "max_ms": pct(times, 100)}
        counts[kind] = {"p50_ms": pct(ctimes, 50), "p95_ms": pct(ctimes, 95)}

    if not scroll:
        window.close()
        return {"open_to_window_s": round(open_s, 3), "search_first_screen": latencies,
                "search_count": counts}
    # Scroll the whole roster top to bottom, painting as a person scrolling would.
    page.search.clear()
    model.set_query(search.RosterQuery())
    app.processEvents()
    rss_before = proc.memory_info().rss
    table = page.table
    bar = table.verticalScrollBar()
    t = time.perf_counter()
    steps = 0
    while True:
        bar.setValue(bar.maximum())
        table.viewport().repaint()
        app.processEvents()
        steps += 1
        if not model.canFetchMore() and bar.value() == bar.maximum():
            break
    scroll_s = time.perf_counter() - t
    rss_after = proc.memory_info().rss
    rows = model.rowCount()
    window.close()
    return {
        "residents": window.store.conn.execute("SELECT count(*) FROM residents").fetchone()[0],
        "open_to_window_s": round(open_s, 3),
        "search_first_screen": latencies,
        "search_count": counts,
        "scroll": {"rows": rows, "steps": steps, "seconds": round(scroll_s, 2),
                   "rss_before_mb": round(rss_before / 2**20, 1),
                   "rss_after_mb": round(rss_after / 2**20, 1),
                   "growth_mb": round((rss_after - rss_before) / 2**20, 1)},
    }


def ensure_data(size: int, out: Path) -> tuple[Path, float | None]:
    data_dir = out / f"roster-{size}"
    if (data_dir / "griddesk.db").exists():
        return data_dir, None
    from app.cli import make_demo_data
    t = time.perf_counter()
    make_demo_data(data_dir, size, seed=1, quiet=True)
    return data_dir, round(time.perf_counter() - t, 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", default="100000,1000000")
    parser.add_argument("--samples", type=int, default=20, help="residents to type per kind")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--no-scroll", action="store_true", help="skip the scroll/RSS part")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.samples, not args.no_scroll)), flush=True)
        os._exit(0)  # skip interpreter teardown of Qt objects: the figures are out
    results = []
    for size in [int(s) for s in args.residents.split(",")]:
        data_dir, gen_s = ensure_data(size, args.out)
        proc = subprocess.run([sys.executable, __file__, "--child", str(data_dir),
                               "--samples", str(args.samples)]
                              + (["--no-scroll"] if args.no_scroll else []),
                              capture_output=True, text=True, check=False)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["demo_generation_s"] = gen_s
        result["db_mb"] = round((data_dir / "griddesk.db").stat().st_size / 2**20, 1)
        results.append(result)
    print(json.dumps({"bench": "roster", "goals": {
        "search_p95_ms": 50, "open_s": 1.5, "rss_after_mb": 400, "growth_mb": 50},
        "results": results}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
