"""Cases benchmark (quality.md: a street or district PC holds 200,000 cases): the six
review-queue counts, a first page of the case list for a few filters, and the
indicators of app/models/reports/metrics.py, over a generated encrypted store.

    ./dev bench cases                        # 200,000 cases
    ./dev bench cases --cases 50000 --repeats 10

The store is generated into a temporary directory (or --data-dir, kept and
reused) as server state with roster.load_rows: each case's row is the
projection of its event log by the shared state machine, with states spread as
on a district PC a year into use (most closed or evaluated, open ones recent).
Generation is reported, not timed as part of the figures. Each query is timed
over --repeats runs (p50/p95 in ms). Then the suggested indexes are created in
the same store and everything is measured again, so the report carries
before/after ratios from one run. Prints JSON.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.models.domain import workflow  # noqa: E402
from app.models.reports import metrics  # noqa: E402
from app.models.roster.repository import load_rows  # noqa: E402
from app.models.store.database import open_store  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=TZ)
YEAR_START = dt.datetime(2026, 1, 1, 8, 0, tzinfo=TZ)
OPEN = tuple(sorted(workflow.OPEN - {workflow.DRAFT}))

# (small category, major, working hours of the limit) from domain.md §5
CATEGORIES = [
    ("暴露垃圾", "市容环境", 7), ("乱堆物料", "市容环境", 14), ("非法小广告", "市容环境", 7),
    ("道路不洁", "市容环境", 5), ("井盖缺失", "设施管理", 4), ("路灯不亮", "设施管理", 21),
    ("道路破损", "设施管理", 35), ("私搭乱建", "违法建设", 140), ("邻里纠纷", "矛盾纠纷", 21),
    ("物业纠纷", "矛盾纠纷", 35), ("劳资纠纷", "矛盾纠纷", 35), ("消防隐患", "安全隐患", 7),
    ("燃气隐患", "安全隐患", 4), ("高空坠物", "安全隐患", 7), ("电动车入户充电", "安全隐患", 7),
    ("困难帮扶", "民生服务", 35), ("政策咨询", "民生服务", 21), ("证照代办", "民生服务", 35),
    ("治安隐患", "治安", 7), ("其他", "其他", 35),
]
CAT_WEIGHTS = [14, 6, 8, 8, 3, 5, 4, 2, 9, 6, 2, 5, 2, 2, 6, 4, 4, 3, 3, 4]
SOURCES = ["patrol", "hotline", "walk_in", "snapshot", "assigned", "video"]
SOURCE_WEIGHTS = [45, 25, 10, 10, 5, 5]
# final state -> share of all cases
STATE_MIX = [("evaluated", 38), ("closed", 36), ("handled", 3), ("handling", 7),
             ("dispatched", 3), ("accepted", 2), ("reported", 3), ("rejected", 5), ("draft", 1),
             ("closed_offline", 2)]
PLACES = ["幸福小区", "建业小区", "经三路", "花园路", "农业路", "金水河", "文化路", "东风路"]
SATISFACTION = ["satisfied"] * 70 + ["basically_satisfied"] * 20 + ["dissatisfied"] * 10


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k] * 1000, 2)


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


# -- generation -----------------------------------------------------------------------

def org_rows(streets: int = 10, communities: int = 10, grids: int = 8, depts: int = 12):
    rows, grid_codes, dept_ids = [], [], []

    def unit(code, parent, kind, level, path):
        rows.append(dict(id=code, code=code, name=f"{kind}-{code}", level=level, kind=kind,
                         parent_id=parent, path=path))

    unit("4101", None, "city", 40, "/4101/")
    unit("410105", "4101", "district", 30, "/4101/410105/")
    for s in range(1, streets + 1):
        sc = f"410105{s:03d}"
        unit(sc, "410105", "street", 20, f"/4101/410105/{sc}/")
        for c in range(1, communities + 1):
            cc = f"{sc}{c:03d}"
            unit(cc, sc, "community", 10, f"/4101/410105/{sc}/{cc}/")
            for g in range(1, grids + 1):
                gc = f"{cc}{g:03d}"
                unit(gc, cc, "grid", 0, f"/4101/410105/{sc}/{cc}/{gc}/")
                grid_codes.append(gc)
    for d in range(1, depts + 1):
        dc = f"410105{900 + d}"
        unit(dc, "410105", "department", 30, f"/4101/410105/{dc}/")
        dept_ids.append(dc)
    return rows, grid_codes, dept_ids


def case_log(rng: random.Random, final: str, grid: str, dept: str, limit_h: int
             ) -> tuple[list[workflow.Event], dict]:
    """Events that lead to ``final``, with plausible times; and row extras."""
    worker, head, sup, handler = f"w-{grid}", f"h-{grid}", "s-community", f"d-{dept}"
    recent = final in OPEN
    span = (NOW - YEAR_START).total_seconds()
    if recent:       # open cases are mostly from the last few weeks
        t = NOW - dt.timedelta(seconds=rng.expovariate(1 / (4 * 86400)) % (120 * 86400))
    else:
        t = YEAR_START + dt.timedelta(seconds=rng.random() * span * 0.97)
    t = t.replace(microsecond=0)
    ev: list[workflow.Event] = []

    def add(action, role, actor, gap_h, data=None):
        nonlocal t
        t = min(t + dt.timedelta(hours=gap_h), NOW)
        ev.append(workflow.Event(action, role, actor=actor, data=data or {}, at=iso(t)))

    extras: dict = {}
    if final == "draft":
        return ev, extras
    ev.append(workflow.Event("report", "grid_worker", actor=worker, data={"unit": grid},
                             at=iso(t)))
    if final == "closed_offline":          # closed on paper, entered as state only
        extras = {"state": "closed", "closed_at": iso(min(t + dt.timedelta(days=3), NOW))}
        return ev, extras
    if final == "reported":
        return ev, extras
    if final == "rejected":
        add("reject", "community_supervisor", sup, rng.uniform(0.1, 3))
        return ev, extras
    self_handle = final in ("handled", "closed", "evaluated") and rng.random() < 0.35
    late = rng.random() < 0.12
    wall_limit_h = limit_h * 24 / 7          # ~ one calendar day per 7 working hours
    handle_h = wall_limit_h * (rng.uniform(1.05, 2.5) if late else rng.uniform(0.1, 0.85))
    if self_handle:
        add("self_handle", "grid_worker", worker, handle_h * 0.8)
    else:
        add("accept", "grid_head", head, rng.uniform(0.05, 1.2) if rng.random() < 0.85
            else rng.uniform(1.2, 30))
        if final == "accepted":
            return ev, extras
        add("dispatch", "community_supervisor", sup, rng.uniform(0.1, 4), {"unit": dept})
        if final == "dispatched":
            return ev, extras
        add("sign", "dept_handler", handler, rng.uniform(0.1, 6))
        roll = rng.random()
        if roll < 0.04:
            add("request_extension", "dept_handler", handler, handle_h * 0.3,
                {"days": rng.randint(1, 5)})
            add("approve_extension", "community_supervisor", sup, rng.uniform(0.5, 8))
        elif roll < 0.05 and final == "handling":
            add("request_extension", "dept_handler", handler, handle_h * 0.3,
                {"days": rng.randint(1, 5)})
        if rng.random() < 0.06 and final != "handling" or final == "handling" and \
                rng.random() < 0.3:
            add("supervise", "community_supervisor", sup, 1,
                {"level": "red" if rng.random() < 0.3 else "yellow"})
        if final == "handling":
            return ev, extras
        add("feedback", "dept_handler", handler, handle_h)
    if final == "handled":
        return ev, extras
    if rng.random() < 0.07:
        add("verify_fail", "grid_head", head, rng.uniform(1, 24))
        add("feedback", "dept_handler" if not self_handle else "grid_worker",
            handler if not self_handle else worker, rng.uniform(2, 48))
    add("verify_pass", "grid_head", head, rng.uniform(0.5, 8))
    if final == "evaluated":
        add("evaluate", "community_supervisor", sup, rng.uniform(1, 72),
            {"satisfaction": rng.choice(SATISFACTION)})
    return ev, extras


def generate(store, n: int, seed: int) -> dict:
    rng = random.Random(seed)
    orgs, grids, depts = org_rows()
    states = [s for s, _w in STATE_MIX]
    weights = [w for _s, w in STATE_MIX]
    t0 = time.perf_counter()
    with store.transaction():
        load_rows(store, "org_units", orgs)
    cases, events, n_events = [], [], 0

    def flush():
        with store.transaction():
            load_rows(store, "cases", cases)
            load_rows(store, "case_events", events)
        cases.clear()
        events.clear()

    for i in range(1, n + 1):
        grid = rng.choice(grids)
        dept = rng.choice(depts)
        cat, _major, limit_h = rng.choices(CATEGORIES, CAT_WEIGHTS)[0]
        final = rng.choices(states, weights)[0]
        log, extras = case_log(rng, final, grid, dept, limit_h)
        s = workflow.replay(log, self_handle_allowed=True)
        if extras.get("state") is None and final not in ("closed_offline",):
            assert s.state == final and not s.conflicts, (final, s, log)
        clock = dt.datetime.fromisoformat(s.clock_start) if s.clock_start else None
        deadline = (clock + dt.timedelta(hours=limit_h * 24 / 7 + 24 * s.extra_days)
                    if clock else None)
        cid = f"c{i:07d}"
        created = log[0].at if log else iso(NOW - dt.timedelta(hours=rng.uniform(0, 48)))
        row = dict(
            id=cid, number=f"{grid}-{created[:10].replace('-', '')}-bench0-{i}", grid_id=grid,
            path=grid, title=f"{rng.choice(PLACES)}{rng.randint(1, 30)}号楼 {cat}",
            description=f"{cat}，请尽快处置", category=cat,
            source=rng.choices(SOURCES, SOURCE_WEIGHTS)[0],
            urgency="urgent" if rng.random() < 0.05 else "normal",
            created_by=f"w-{grid}", state=s.state, holder_unit_id=s.holder_unit,
            holder_user_id=s.holder_user, level_unit_id=s.level_unit, supervision=s.supervision,
            rework_count=s.rework_count, extension_pending=s.extension_pending,
            extra_days=s.extra_days, clock_start=s.clock_start,
            deadline=iso(deadline) if deadline else None, reported_at=s.reported_at or None,
            closed_at=s.closed_at, satisfaction=s.satisfaction, has_conflict=0,
            created_at=created)
        row.update(extras)
        if final == "closed_offline":
            row["deadline"] = iso(dt.datetime.fromisoformat(created) + dt.timedelta(days=5))
        cases.append(row)
        for seq, e in enumerate(log):
            events.append(dict(id=f"{cid}-{seq}", case_id=cid, seq=seq, action=e.action,
                               actor_id=e.actor, role=e.role, device_time=e.at,
                               server_time=e.at, data=json.dumps(dict(e.data)), conflict=0))
        n_events += len(log)
        if len(cases) >= 20000:
            flush()
    flush()
    with store.transaction():
        store.conn.execute("ANALYZE")
    return {"cases": n, "events": n_events, "org_units": len(orgs),
            "generation_s": round(time.perf_counter() - t0, 1)}


# -- measurements -----------------------------------------------------------------------

QUEUES = {
    "to_accept": ("state = 'reported'", []),
    "to_dispatch": ("state = 'accepted'", []),
    "to_verify": ("state = 'handled'", []),
    "overdue": (f"state IN ({','.join('?' * len(OPEN))}) AND deadline IS NOT NULL "
                "AND deadline < ?", [*OPEN, iso(NOW)]),
    "extension_requests": ("extension_pending IS NOT NULL", []),
    "assigned": (f"source = 'assigned' AND state IN ({','.join('?' * len(OPEN))})", [*OPEN]),
}
LIST_COLUMNS = ("rid, id, number, title, category, source, urgency, state, holder_unit_id, "
                "supervision, deadline, reported_at, path")
PAGE_FILTERS = {
    "all": ("1", []),
    "state_handling": ("state = ?", ["handling"]),
    "category_井盖缺失": ("category = ?", ["井盖缺失"]),
    "source_hotline": ("source = ?", ["hotline"]),
    "overdue": QUEUES["overdue"],
    "overdue_by_deadline": QUEUES["overdue"],         # most overdue first (ORDER BY deadline)
    "title_like_井盖": ("title LIKE ?", ["%井盖%"]),
    "title_like_井盖缺失": ("title LIKE ?", ["%井盖缺失%"]),
    "title_like_rare": ("title LIKE ?", ["%金水河30号楼 燃气%"]),
}
# Tried in a second pass over the same store (not in migrations.py: suggestions).
# Partial on deleted_at IS NULL so that the live-row filter every list has is answered
# from the index without a table lookup per row.
SUGGESTED_INDEXES = [
    # replaces cases_state(state, deadline): the queue counts (to_accept, to_dispatch,
    # to_verify, overdue) answered from the index, also inside a street (path checked
    # in the index, no table lookup per row); the overdue page ordered by deadline
    "CREATE INDEX IF NOT EXISTS cases_live_state ON cases(state, deadline, path) "
    "WHERE deleted_at IS NULL",
    # first page of one state, newest first, without sorting the whole state
    "CREATE INDEX IF NOT EXISTS cases_live_state_rid ON cases(state, rid) "
    "WHERE deleted_at IS NULL",
    # the source filter (newest first) and the 'assigned' queue (state read from the index)
    "CREATE INDEX IF NOT EXISTS cases_live_source ON cases(source, rid, state) "
    "WHERE deleted_at IS NULL",
    # the category filter inside a street or district
    "CREATE INDEX IF NOT EXISTS cases_live_category ON cases(category, rid) "
    "WHERE deleted_at IS NULL",
    # the extension-requests queue: a handful of rows, any scope
    "CREATE INDEX IF NOT EXISTS cases_extension ON cases(path, state) "
    "WHERE extension_pending IS NOT NULL AND deleted_at IS NULL",
]
# Schema v5 ships these suggestions (under its own names), and drops v3's cases_state.
SHIPPED_INDEXES = {"cases_extension"}
# schema v3 indexes the suggestions replace (dropped for the second pass)
REPLACED_INDEXES = {
    "cases_state": "CREATE INDEX IF NOT EXISTS cases_state ON cases(state, deadline)",
}
# Substring search on titles: a trigram FTS5 index (patterns of 3+ characters).
FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS cases_title_fts USING fts5(title, content='cases', "
    "content_rowid='rid', tokenize='trigram')",
    "INSERT INTO cases_title_fts(cases_title_fts) VALUES ('rebuild')",
]
FTS_FILTERS = {
    "title_fts_井盖缺失": ("rid IN (SELECT rowid FROM cases_title_fts WHERE title LIKE ?)",
                       ["%井盖缺失%"]),
    "title_fts_rare": ("rid IN (SELECT rowid FROM cases_title_fts WHERE title LIKE ?)",
                       ["%金水河30号楼 燃气%"]),
}


def timed(fn, repeats: int) -> tuple[dict, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return {"p50_ms": pct(times, 50), "p95_ms": pct(times, 95),
            "mean_ms": round(statistics.fmean(times) * 1000, 2)}, out


def plan(conn, sql, params) -> str:
    rows = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return " | ".join(r[-1] for r in rows)


def scoped(where: str, prefix: str | None) -> tuple[str, list]:
    base = "deleted_at IS NULL AND " + where
    if not prefix:
        return base, []
    from app.models.roster.search import path_range
    lo, hi = path_range(prefix)
    return base + " AND path >= ? AND path < ?", [lo, hi]


def measure(conn, repeats: int, indicator_repeats: int, street: str,
            page_filters: dict = PAGE_FILTERS) -> dict:
    out: dict = {"queue_counts": {}, "first_page": {}, "indicators": {}}
    community = street + "001"
    for scope_name, prefix in (("all", None), (f"street_{street}", street),
                               (f"community_{community}", community)):
        counts, per = {}, {}
        for name, (where, params) in QUEUES.items():
            w, sp = scoped(where, prefix)
            sql = f"SELECT count(*) FROM cases WHERE {w}"
            stats, value = timed(lambda: conn.execute(sql, params + sp).fetchone()[0], repeats)
            counts[name] = value
            per[name] = dict(stats, plan=plan(conn, sql, params + sp))
        # all six in one pass (what cases.queue_counts does)
        parts, pparams = [], []
        for where, params in QUEUES.values():
            parts.append(f"coalesce(sum(CASE WHEN {where} THEN 1 ELSE 0 END), 0)")
            pparams += params
        w, sp = scoped("1", prefix)
        one = f"SELECT {', '.join(parts)} FROM cases WHERE {w}"
        stats_one, row = timed(lambda: conn.execute(one, pparams + sp).fetchone(), repeats)
        assert list(row) == list(counts.values()), (row, counts)
        six = [sum(per[q]["p50_ms"] for q in QUEUES)]
        out["queue_counts"][scope_name] = {
            "counts": counts, "separate": per,
            "separate_total_p50_ms": round(six[0], 2), "one_pass": stats_one}
        pages = {}
        for name, (where, params) in page_filters.items():
            w, sp = scoped(where, prefix)
            order = "deadline" if name == "overdue_by_deadline" else "rid DESC"
            sql = f"SELECT {LIST_COLUMNS} FROM cases WHERE {w} ORDER BY {order} LIMIT 200"
            stats, rows = timed(lambda: conn.execute(sql, params + sp).fetchall(), repeats)
            pages[name] = dict(stats, rows=len(rows), plan=plan(conn, sql, params + sp))
        out["first_page"][scope_name] = pages
    month = dict(start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 1))
    for name, kw in (("whole_set", {}), ("october", month),
                     (f"street_{street}_october", dict(month, org=street))):
        stats, result = timed(lambda: metrics.indicators(conn, as_of=NOW, **kw),
                              indicator_repeats)
        out["indicators"][name] = dict(stats, values={
            k: [v.numerator, v.denominator, v.value] for k, v in result.items()})
    return out


def ratios(before: dict, after: dict) -> dict:
    """after/before p50 for every timed figure (lower is better)."""
    out = {}

    def walk(b, a, path):
        if isinstance(b, dict) and "p50_ms" in b and isinstance(a, dict):
            if b["p50_ms"]:
                out[path] = round(a["p50_ms"] / b["p50_ms"], 2)
            return
        if isinstance(b, dict):
            for k in b:
                if k in a:
                    walk(b[k], a[k], f"{path}.{k}" if path else k)
    walk(before, after, "")
    return out


def slow(section: dict, limit_ms: float = 50.0) -> dict:
    """Every timed figure whose p95 is over ``limit_ms``: path -> [p50, p95]."""
    out = {}

    def walk(node, path):
        if isinstance(node, dict) and "p95_ms" in node:
            if node["p95_ms"] is not None and node["p95_ms"] > limit_ms:
                out[path] = [node["p50_ms"], node["p95_ms"]]
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else k)
    walk(section, "")
    return out


def repository_calls(store, repeats: int) -> dict:
    """What the 事件 and 审核 pages call, through the case repository as shipped."""
    from app.models.cases.repository import CaseQuery, Cases
    from app.models.write.unit import SYSTEM
    repo = Cases(store, SYSTEM, now=lambda: NOW)
    out = {"queue_counts": timed(repo.queue_counts, repeats)[0], "first_page": {}}
    for name, q in {"all": CaseQuery(), "open": CaseQuery(states=("reported", "accepted",
                    "dispatched", "handling", "handled")),
                    "handling": CaseQuery(states=("handling",)),
                    "category": CaseQuery(category="manhole_cover"),
                    "source": CaseQuery(source="hotline"), "overdue": CaseQuery(overdue=True),
                    "text": CaseQuery(text="井盖"), "street": CaseQuery(path_prefix="410105003")
                    }.items():
        out["first_page"][name] = timed(lambda q=q: repo.list(q, None, 200), repeats)[0]
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--indicator-repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, help="keep (and reuse) the store here")
    parser.add_argument("--no-indexes", action="store_true",
                        help="skip the second pass with the suggested indexes")
    args = parser.parse_args()

    tmp = None
    if args.data_dir:
        data_dir = args.data_dir
    else:
        tmp = tempfile.TemporaryDirectory(prefix="griddesk-bench-cases-")
        data_dir = Path(tmp.name)
    try:
        store = open_store(data_dir)
        have = store.conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        gen = None
        if have == 0:
            gen = generate(store, args.cases, args.seed)
        elif have != args.cases:
            print(f"{data_dir} holds {have} cases, not {args.cases}", file=sys.stderr)
            return 2
        conn = store.conn
        with store.transaction():       # a reused store: measure the shipped schema
            for sql in SUGGESTED_INDEXES:
                name = sql.split(" EXISTS ")[1].split()[0]
                if name not in SHIPPED_INDEXES:
                    conn.execute("DROP INDEX IF EXISTS " + name)
            conn.execute("DROP TABLE IF EXISTS cases_title_fts")
        street = "410105003"
        states = dict(conn.execute("SELECT state, count(*) FROM cases GROUP BY state"))
        before = measure(conn, args.repeats, args.indicator_repeats, street)
        result = {
            "bench": "cases", "cases": args.cases,
            "events": conn.execute("SELECT count(*) FROM case_events").fetchone()[0],
            "states": states, "generation": gen, "now": iso(NOW),
            "db_mb": round((data_dir / "griddesk.db").stat().st_size / 2**20, 1),
            "reference_goal": "quality.md: p95 <= 50 ms per keystroke (roster search)",
            "slow_baseline": slow(before),
            "baseline": before,
        }
        result["repository"] = repository_calls(store, args.repeats)
        if not args.no_indexes:
            t = time.perf_counter()
            with store.transaction():
                for sql in SUGGESTED_INDEXES:
                    conn.execute(sql)
                for name in REPLACED_INDEXES:
                    conn.execute(f"DROP INDEX IF EXISTS {name}")
                conn.execute("ANALYZE")
            result["suggested_indexes"] = SUGGESTED_INDEXES
            result["dropped_indexes"] = list(REPLACED_INDEXES)
            result["index_build_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            with store.transaction():
                for sql in FTS:
                    conn.execute(sql)
            result["title_fts"] = FTS
            result["title_fts_build_s"] = round(time.perf_counter() - t, 2)
            after = measure(conn, args.repeats, args.indicator_repeats, street,
                            {**PAGE_FILTERS, **FTS_FILTERS})
            result["with_suggested_indexes"] = after
            result["slow_with_suggested_indexes"] = slow(after)
            result["ratio_after_over_before_p50"] = ratios(before, after)
        store.close()
    finally:
        if tmp is not None:
            tmp.cleanup()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
