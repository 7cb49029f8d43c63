"""Monthly assessment report (考核月报) per org unit, Qt-free: the figures and the
Excel workbook. The PDF is laid out by the UI (Qt's PDF writer), from the same
``MonthlyReport``.

What is in it (评价一标准, domain.md §5):

* the indicators for the org unit and month (``metrics.indicators``, with working
  hours from the work calendar);
* a ranking of its grids and of its workers, and the departments' figures, each from
  one grouped pass (``metrics.indicators_by``). Ranked by on-time closure rate,
  then closure rate, then satisfaction (a group with nothing due ranks last);
* the overdue list: cases due in the month that were not closed by their deadline
  (``metrics.case_ids('on_time_closure_rate', 'rest')``) and whose deadline has passed
  (by the end of the month, or now for the running month), still open ones included;
* satisfaction: the evaluations of the month by answer;
* houses and organizations (``places_metrics``): 出租屋 count and registration rate,
  九小场所 inspected on time, hazards closed, for the org unit and per grid.

``build`` reports progress per step and can be cancelled between steps (a street's
month takes about a second; a district at 200,000 cases several).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from app.models.domain.case_fields import shown_number
from app.models.domain import calendar as cal
from app.models.domain.workflow import SATISFACTION
from app.models.reports import metrics, places_metrics
from app.models.roster import search
from app.models.store import clock
from app.models.store.query import all_dicts

STEPS = ("totals", "grids", "workers", "departments", "overdue", "satisfaction", "places")
RANK_BY = ("on_time_closure_rate", "closure_rate", "satisfaction_rate")
MAX_OVERDUE = 5000          # rows kept in the report (the count is always the full one)


class Cancelled(Exception):
    pass


@dataclass
class RankRow:
    key: str
    name: str
    figures: dict[str, metrics.Ratio]
    rank: int | None = None          # None: nothing to judge (no case due)


@dataclass
class MonthlyReport:
    org_code: str
    org_name: str
    year: int
    month: int
    start: dt.date
    end: dt.date
    generated_at: str
    generated_by: str
    totals: dict[str, metrics.Ratio] = field(default_factory=dict)
    reported: int = 0                                  # cases reported in the month
    grids: list[RankRow] = field(default_factory=list)
    workers: list[RankRow] = field(default_factory=list)
    departments: list[RankRow] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    overdue_total: int = 0
    satisfaction: dict[str, int] = field(default_factory=dict)
    places: dict[str, metrics.Ratio] = field(default_factory=places_metrics.empty)
    place_grids: list[RankRow] = field(default_factory=list)     # not ranked: in code order

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _rank_key(row: RankRow):
    values = [row.figures[name].value for name in RANK_BY]
    return tuple((v is None, -(v or 0.0)) for v in values) + (row.key,)


def rank(rows: list[RankRow]) -> list[RankRow]:
    """Sort best first and number them; equal figures share a rank (1, 2, 2, 4)."""
    rows.sort(key=_rank_key)
    previous, n = None, 0
    for i, row in enumerate(rows, 1):
        if row.figures["on_time_closure_rate"].denominator == 0 and \
                row.figures["closure_rate"].denominator == 0:
            row.rank = None
            continue
        figures = tuple(row.figures[name].value for name in RANK_BY)
        if figures != previous:
            n, previous = i, figures
        row.rank = n
    return rows


def worker_names(conn, ids) -> dict[str, str]:
    """A name for each user id: the latest name the case log recorded for it."""
    ids = [i for i in ids if i]
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for actor, name in conn.execute(
                f"SELECT actor_id, actor_name FROM case_events WHERE actor_id IN ({marks}) "
                "AND actor_name IS NOT NULL ORDER BY device_time", chunk):
            out[actor] = name
    for i in ids:
        out.setdefault(i, i.split(":", 1)[1] if i.startswith("local:") else i)
    return out


def group_names(conn, by: str, keys) -> dict[str, str]:
    """Names for the groups of ``metrics.indicators_by``: org codes, unit ids or user ids."""
    keys = [k for k in keys if k]
    if by == "worker":
        return worker_names(conn, keys)
    column = "code" if by == "org" else "id"
    out = {}
    for key in keys:
        row = conn.execute(f"SELECT name FROM org_units WHERE {column} = ?", (key,)).fetchone()
        out[key] = row[0] if row else key
    return out


def areas(conn, scope_code: str = "") -> list[dict]:
    """The org units a report or a statistic can be about: the district, streets,
    communities and grids in ``scope_code``'s subtree (all when it is ''), in code order."""
    conn = getattr(conn, "conn", conn)
    lo, hi = search.path_range(scope_code) if scope_code else ("", "\uffff")
    return all_dicts(conn, "SELECT id, code, name, kind FROM org_units WHERE deleted_at IS NULL "
                "AND kind IN ('district', 'street', 'community', 'grid', 'dedicated') "
                "AND code >= ? AND code < ? ORDER BY code", (lo, hi))


def build(conn, org_code: str, year: int, month: int, *, calendar=None, actor_name: str = "",
          progress: Callable[[int, int], object] | None = None,
          cancelled: Callable[[], bool] | None = None, as_of=None,
          now: dt.datetime | None = None) -> MonthlyReport:
    """The month's report for the org unit ``org_code`` ('' = everything in the store)."""
    conn = getattr(conn, "conn", conn)
    start, end = metrics.period_bounds(year, month)
    org = conn.execute("SELECT name FROM org_units WHERE code = ?", (org_code,)).fetchone() \
        if org_code else None
    now = now or clock.now()
    rep = MonthlyReport(org_code, org[0] if org else "", year, month, start, end,
                        clock.iso(now), actor_name)
    args = dict(start=start, end=end, org=org_code or None)
    total = len(STEPS)

    def step(i: int) -> None:
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress(i, total)

    step(0)
    rep.totals = metrics.indicators(conn, calendar=calendar, as_of=as_of, **args)
    lo, hi = search.path_range(org_code) if org_code else ("", "\uffff")
    rep.reported = conn.execute(
        "SELECT count(*) FROM cases WHERE deleted_at IS NULL AND state != 'draft' "
        "AND path >= ? AND path < ? AND reported_at >= ? AND reported_at < ?",
        (lo, hi, start.isoformat(), end.isoformat())).fetchone()[0]
    step(1)
    grids = all_dicts(conn, "SELECT code, name FROM org_units WHERE kind IN ('grid', 'dedicated') "
                 "AND deleted_at IS NULL AND code >= ? AND code < ? ORDER BY code", (lo, hi))
    by_grid = metrics.indicators_by(conn, "org", depth=15, calendar=calendar, as_of=as_of,
                                    **args)
    empty = _empty()
    rep.grids = rank([RankRow(g["code"], g["name"], by_grid.get(g["code"], empty))
                      for g in grids])
    step(2)
    by_worker = metrics.indicators_by(conn, "worker", calendar=calendar, as_of=as_of, **args)
    names = worker_names(conn, [k for k in by_worker if k])
    rep.workers = rank([RankRow(k, names.get(k, k), v) for k, v in by_worker.items() if k])
    step(3)
    by_unit = metrics.indicators_by(conn, "unit", calendar=calendar, as_of=as_of, **args)
    units = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT id, name, kind FROM org_units WHERE kind = 'department'")}
    rep.departments = rank([RankRow(k, units[k][0], v) for k, v in by_unit.items()
                            if k in units])
    step(4)
    # due in the month and not closed on time, once the deadline has passed (a case due
    # later this month that is still open is not overdue yet)
    cutoff = min(metrics.instant(end), metrics.instant(as_of) if as_of else now)
    ids = metrics.case_ids(conn, "on_time_closure_rate", "rest", as_of=as_of, **args)
    late = [row for row in case_rows(conn, ids)
            if row["deadline"] and _deadline(row["deadline"]) < cutoff]
    rep.overdue_total = len(late)
    rep.overdue = late[:MAX_OVERDUE]
    step(5)
    rep.satisfaction = satisfaction_counts(conn, org_code, start, end)
    step(6)
    day = (metrics.instant(as_of) if as_of else now).date()
    place_args = dict(start=start, end=end, org=org_code or None, as_of=day)
    rep.places = places_metrics.indicators(conn, **place_args)
    by_grid_places = places_metrics.indicators_by(conn, 15, **place_args)
    rep.place_grids = [RankRow(g["code"], g["name"], by_grid_places[g["code"]])
                       for g in grids if g["code"] in by_grid_places]
    step(7)
    return rep


def _deadline(value: str) -> dt.datetime:
    """A deadline as an instant; a date-only deadline is the end of that day."""
    moment = metrics.instant(value)
    return moment + dt.timedelta(days=1) if len(value) == 10 else moment


def _empty() -> dict[str, metrics.Ratio]:
    return {name: (metrics.Ratio(0, 0, None, "h") if name == "mean_handling_hours"
                   else metrics.Ratio(0, 0, None)) for name in metrics.INDICATORS}


def case_rows(conn, ids: list[str]) -> list[dict]:
    """Cases by id (in the order given) with their grid's and holder's names."""
    out: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in all_dicts(conn, "SELECT c.*, g.name AS grid_name, "
                        "h.name AS holder_name FROM cases c "
                        "LEFT JOIN org_units g ON g.id = c.grid_id "
                        f"LEFT JOIN org_units h ON h.id = c.holder_unit_id WHERE c.id IN ({marks})",
                        chunk):
            out[row["id"]] = row
    return [out[i] for i in ids if i in out]


def satisfaction_counts(conn, org_code: str, start: dt.date, end: dt.date) -> dict[str, int]:
    """Evaluations made in the month (the applied 'evaluate' event), by answer."""
    lo, hi = search.path_range(org_code) if org_code else ("", "\uffff")
    counts = dict.fromkeys(SATISFACTION, 0)
    f = metrics.period_filters(None, None, None, start, end)
    jd = metrics.julian_day("e.device_time")
    for value, n in conn.execute(f"""
            SELECT c.satisfaction, count(DISTINCT c.id) FROM cases c
            JOIN case_events e ON e.case_id = c.id AND e.action = 'evaluate'
                 AND e.conflict = 0 AND e.deleted_at IS NULL
            WHERE c.deleted_at IS NULL AND c.path >= :lo AND c.path < :hi
              AND c.satisfaction IS NOT NULL AND {f.within(jd)}
            GROUP BY c.satisfaction""", {"lo": lo, "hi": hi, **f.params()}):
        if value in counts:
            counts[value] = n
    return counts


# ------------------------------------------------------------------------ Excel

def write_xlsx(rep: MonthlyReport, path: Path, labels: dict[str, str],
               progress: Callable[[int, int], object] | None = None) -> Path:
    """The report as a workbook: summary, grid and worker rankings, departments, the
    overdue list and satisfaction. ``labels`` holds every heading in the UI language
    (keys: the indicator names, the keys of ``XLSX_LABELS``, the satisfaction codes and
    case states). The header and footer of each sheet carry the watermark."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F2")
    mark = labels["watermark"]

    def sheet(title: str, headers: list[str], rows: list[list], widths: list[int]):
        ws = wb.create_sheet(title[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = bold
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in rows:
            ws.append(row)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        ws.oddHeader.center.text = labels["title"]
        ws.oddFooter.left.text = mark
        ws.oddFooter.right.text = "&P / &N"
        return ws

    def pct(r: metrics.Ratio):
        return r.value if r.value is not None else None

    names = list(metrics.INDICATORS)
    steps = 6
    summary = wb.active
    summary.title = labels["summary"][:31]
    summary.append([labels["title"]])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([labels["org"], rep.org_name or rep.org_code])
    summary.append([labels["period"], rep.period])
    summary.append([labels["reported"], rep.reported])
    summary.append([labels["generated"], mark])
    summary.append([])
    summary.append([labels["indicator"], labels["value"], labels["numerator"],
                    labels["denominator"]])
    for cell in summary[7]:
        cell.font = bold
        cell.fill = head_fill
    for name in names:
        r = rep.totals[name]
        summary.append([labels[name], pct(r), r.numerator, r.denominator])
    for name in places_metrics.NAMES:
        r = rep.places[name]
        summary.append([labels[name], pct(r), r.numerator, r.denominator])
    summary.column_dimensions["A"].width = 22
    for col in "BCD":
        summary.column_dimensions[col].width = 14
    summary.oddFooter.left.text = mark
    if progress:
        progress(1, steps)

    def ranking(rows: list[RankRow], key_label: str) -> list[list]:
        out = []
        for row in rows:
            line = [row.rank if row.rank is not None else "", row.name, row.key]
            for name in names:
                line.append(pct(row.figures[name]))
            line.append(row.figures["closure_rate"].denominator)
            out.append(line)
        return out

    rank_headers = ([labels["rank"], labels["name"], labels["code"]]
                    + [labels[n] for n in names] + [labels["due"]])
    widths = [6, 22, 18] + [12] * len(names) + [10]
    sheet(labels["grids"], rank_headers, ranking(rep.grids, "code"), widths)
    if progress:
        progress(2, steps)
    sheet(labels["workers"], [labels["rank"], labels["name"], labels["user_id"]]
          + [labels[n] for n in names] + [labels["due"]], ranking(rep.workers, "user"), widths)
    sheet(labels["departments"], rank_headers, ranking(rep.departments, "unit"), widths)
    if progress:
        progress(3, steps)
    sheet(labels["overdue"], [labels["number"], labels["case_title"], labels["grid"],
                              labels["category"], labels["state"], labels["deadline"],
                              labels["closed_at"], labels["holder"]],
          [[shown_number(c), c["title"], c.get("grid_name") or "", labels.get(
              "cat:" + (c["category"] or ""), c["category"]), labels.get(
              "state:" + c["state"], c["state"]), cal.shown(c["deadline"]),
            cal.shown(c["closed_at"]), c.get("holder_name") or ""]
           for c in rep.overdue], [34, 26, 16, 14, 10, 18, 18, 18])
    if progress:
        progress(4, steps)
    total = sum(rep.satisfaction.values())
    sheet(labels["satisfaction"], [labels["answer"], labels["count"], labels["share"]],
          [[labels[k], n, round(100 * n / total, 2) if total else None]
           for k, n in rep.satisfaction.items()], [16, 10, 10])
    # houses and organizations per grid: each figure with its numerator and denominator
    place_headers = [labels["name"], labels["code"]]
    for name in places_metrics.NAMES:
        place_headers += [labels[name], labels["numerator"], labels["denominator"]]
    sheet(labels["places"], place_headers,
          [[row.name, row.key] + [v for name in places_metrics.NAMES for v in (
              pct(row.figures[name]), row.figures[name].numerator,
              row.figures[name].denominator)] for row in rep.place_grids],
          [22, 18] + [12, 9, 9] * len(places_metrics.NAMES))
    if progress:
        progress(5, steps)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    if progress:
        progress(6, steps)
    return path


XLSX_LABELS = ("title", "summary", "org", "period", "reported", "generated", "indicator",
               "value", "numerator", "denominator", "rank", "name", "code", "user_id", "due",
               "grids", "workers", "departments", "overdue", "number", "case_title", "grid",
               "category", "state", "deadline", "closed_at", "holder", "satisfaction",
               "answer", "count", "share", "watermark", "places")
