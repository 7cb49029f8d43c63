"""Roster benchmark (quality.md): open-to-window time, search latency per keystroke
by kind of query, RSS before and after scrolling the whole roster; and, beside the
residents, houses and organizations (issue 19): search per keystroke on the 房屋 and
单位 pages and in the roster's organization hint, opening a house or an organization.

    ./dev bench roster                       # 100,000 and 1,000,000 residents,
                                             # 300,000 houses, 50,000 organizations
    ./dev bench roster --residents 100000 --houses 30000 --organizations 5000

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


def place_keystrokes(conn, rng, samples: int) -> dict[str, list[str]]:
    """What a person types looking for a house or an organization."""
    from app.models.roster.pinyin import syllables
    kinds: dict[str, list[str]] = {k: [] for k in (
        "org_name", "org_pinyin_initials", "org_pinyin_full", "org_credit_tail",
        "org_address", "house_address", "house_owner", "house_owner_pinyin")}
    orgs = conn.execute("SELECT o.name, o.credit_code, a.full_name FROM organizations o "
                        "JOIN addresses a ON a.id = o.address_id WHERE o.deleted_at IS NULL "
                        "AND o.credit_code IS NOT NULL ORDER BY random() LIMIT ?",
                        (samples,)).fetchall()
    houses = conn.execute("SELECT h.owner_name, a.full_name FROM houses h JOIN addresses a "
                          "ON a.id = h.address_id WHERE h.deleted_at IS NULL AND "
                          "h.owner_name IS NOT NULL ORDER BY random() LIMIT ?",
                          (samples,)).fetchall()

    def typed(text: str, first: int = 1) -> list[str]:
        return [text[:i] for i in range(first, len(text) + 1)]
    for name, code, addr in orgs:
        syl = syllables(name)
        kinds["org_name"] += typed(name)
        kinds["org_pinyin_initials"] += typed("".join(s[0] for s in syl))
        kinds["org_pinyin_full"] += typed("".join(syl))
        kinds["org_credit_tail"] += [code[-i:] for i in range(1, 7)]
        kinds["org_address"] += typed(addr.replace(" ", ""))
    for owner, addr in houses:
        kinds["house_address"] += typed(addr.replace(" ", ""))
        kinds["house_owner"] += typed(owner)
        kinds["house_owner_pinyin"] += typed("".join(s[0] for s in syllables(owner)))
    return kinds


def place_figures(window, app, samples: int) -> dict:
    """Houses and organizations: per keystroke, the page's list (the query and the
    table filled, as the page does on the GUI thread), the query alone (as many rows
    as the page asks for while text is typed), and the roster's organization hint;
    opening one (its dialog's reads)."""
    from app.models.cases.repository import Cases
    from app.models.places.repository import Places
    from app.ui.places.houses_page import HousesPage
    from app.ui.places.orgs_page import OrganizationsPage
    from app.ui.places.pickers import list_limit
    from app.ui.roster.roster_page import ORG_HINTS

    store = window.store
    actor = window.roster_page.roster.actor
    places = Places(store, actor)
    rng = random.Random(11)
    typed = place_keystrokes(store.conn, rng, samples)
    pages = {"house": HousesPage(places), "org": OrganizationsPage(places, Cases(store, actor))}
    for page in pages.values():
        page.resize(1280, 800)
    out: dict[str, dict] = {}
    for kind, texts in typed.items():
        entity = kind.split("_")[0]
        page = pages[entity]
        query = places.houses if entity == "house" else places.organizations
        times, qtimes, htimes = [], [], []
        for text in texts:
            t = time.perf_counter()
            page.query.setText(text)        # the page's reload: query + table
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            query(text=text, limit=list_limit(text))        # what the page asks for
            qtimes.append(time.perf_counter() - t)
            if entity == "org":
                t = time.perf_counter()
                places.organizations(text=text, limit=ORG_HINTS + 1)
                htimes.append(time.perf_counter() - t)
        out[kind] = {"keystrokes": len(texts), "page_p95_ms": pct(times, 95),
                     "query_p50_ms": pct(qtimes, 50), "query_p95_ms": pct(qtimes, 95),
                     "query_max_ms": pct(qtimes, 100)}
        if htimes:
            out[kind]["roster_hint_p95_ms"] = pct(htimes, 95)
    opens = {"house": [], "org": []}
    ids = {"house": [r[0] for r in store.conn.execute(
        "SELECT id FROM houses ORDER BY random() LIMIT ?", (samples * 5,))],
        "org": [r[0] for r in store.conn.execute(
            "SELECT id FROM organizations ORDER BY random() LIMIT ?", (samples * 5,))]}
    for house_id in ids["house"]:
        t = time.perf_counter()
        places.house(house_id)
        places.tenants(house_id)
        places.findings(house_id)
        opens["house"].append(time.perf_counter() - t)
    for org_id in ids["org"]:
        t = time.perf_counter()
        places.organization(org_id)
        places.inspections(org_id)
        places.employees(org_id)
        places.checklist_for(org_id)
        opens["org"].append(time.perf_counter() - t)
    for page in pages.values():
        page.close()
    app.processEvents()
    return {"search": out, "open": {k: {"count": len(v), "p95_ms": pct(v, 95),
                                        "max_ms": pct(v, 100)} for k, v in opens.items()},
            "houses": store.conn.execute("SELECT count(*) FROM houses").fetchone()[0],
            "organizations": store.conn.execute(
                "SELECT count(*) FROM organizations").fetchone()[0]}


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

    places = place_figures(window, app, samples)
    if not scroll:
        window.close()
        return {"open_to_window_s": round(open_s, 3), "search_first_screen": latencies,
                "search_count": counts, "places": places}
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
        "places": places,
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


def ensure_places(data_dir: Path, houses: int, organizations: int) -> float | None:
    """The synthetic houses and organizations beside the residents (bench/places_data.py),
    made once per size (a store already holding them at this size is kept)."""
    from bench import places_data
    from app.models.store.database import open_store
    store = open_store(data_dir)
    try:
        if store.meta(places_data.meta_key()) == f"{houses}/{organizations}/1":
            return None
        t = time.perf_counter()
        places_data.add_places(store, houses, organizations)
        return round(time.perf_counter() - t, 1)
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", default="100000,1000000")
    parser.add_argument("--samples", type=int, default=20, help="residents to type per kind")
    parser.add_argument("--houses", type=int, default=300_000)
    parser.add_argument("--organizations", type=int, default=50_000)
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
        places_s = ensure_places(data_dir, args.houses, args.organizations)
        proc = subprocess.run([sys.executable, __file__, "--child", str(data_dir),
                               "--samples", str(args.samples)]
                              + (["--no-scroll"] if args.no_scroll else []),
                              capture_output=True, text=True, check=False)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["demo_generation_s"] = gen_s
        result["places_generation_s"] = places_s
        result["db_mb"] = round((data_dir / "griddesk.db").stat().st_size / 2**20, 1)
        results.append(result)
    print(json.dumps({"bench": "roster", "goals": {
        "search_p95_ms": 50, "open_s": 1.5, "rss_after_mb": 400, "growth_mb": 50,
        "places_search_p95_ms": 20, "places_open_ms": 100},
        "results": results}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
