"""Indicators of houses and organizations (docs/domain-houses.md), over the
rows of a place (an org or address code prefix):

- 出租屋: rentals (出租 and 群租), how many are registered (a 出租屋 registration
  number or date), the registration rate, group rentals, rentals with no tenant
  living there now, tenants living there now (the house findings, counted in SQL);
- 九小场所: how many, how many are inspected on time (inspected at least once and
  not past their re-inspection date), the on-time rate; hazards found (inspections
  with a hazard) and closed (their case closed or evaluated).

A rate is None when its denominator is 0 (shown as "—", never as 0 %)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceStats:
    houses: int
    rentals: int
    rentals_registered: int
    group_rentals: int
    rentals_without_tenants: int
    tenants_now: int
    nine_small: int
    inspected_on_time: int
    hazards_found: int
    hazards_to_cases: int
    hazards_closed: int

    @property
    def registration_rate(self) -> float | None:
        return self.rentals_registered / self.rentals if self.rentals else None

    @property
    def on_time_rate(self) -> float | None:
        return self.inspected_on_time / self.nine_small if self.nine_small else None


def compute(conn, path_prefix: str, today: dt.date) -> PlaceStats:
    lo, hi = path_prefix, path_prefix + "\uffff"
    day = today.isoformat()
    houses, rentals, registered, group = conn.execute(
        "SELECT count(*), sum(use IN ('rental', 'group_rental')), "
        "sum(use IN ('rental', 'group_rental') AND (registration_no IS NOT NULL OR "
        "registered_on IS NOT NULL)), sum(use = 'group_rental') FROM houses "
        "WHERE deleted_at IS NULL AND path >= ? AND path < ?", (lo, hi)).fetchone()
    tenants = conn.execute(
        "SELECT count(*) FROM house_tenants t JOIN houses h ON h.id = t.house_id WHERE "
        "t.deleted_at IS NULL AND h.deleted_at IS NULL AND h.path >= ? AND h.path < ? AND "
        "(t.moved_out IS NULL OR t.moved_out > ?)", (lo, hi, day)).fetchone()[0]
    empty = conn.execute(
        "SELECT count(*) FROM houses h WHERE h.deleted_at IS NULL AND h.path >= ? AND "
        "h.path < ? AND h.use IN ('rental', 'group_rental') AND NOT EXISTS (SELECT 1 FROM "
        "house_tenants t WHERE t.house_id = h.id AND t.deleted_at IS NULL AND "
        "(t.moved_out IS NULL OR t.moved_out > ?))", (lo, hi, day)).fetchone()[0]
    nine, on_time = conn.execute(
        "SELECT count(*), sum(i.next_due IS NOT NULL AND i.next_due >= ?) FROM organizations o "
        "LEFT JOIN inspections i ON i.id = (SELECT id FROM inspections x WHERE "
        "x.organization_id = o.id AND x.deleted_at IS NULL ORDER BY x.inspected_on DESC, "
        "x.id DESC LIMIT 1) WHERE o.deleted_at IS NULL AND o.kind = 'nine_small' AND "
        "o.path >= ? AND o.path < ?", (day, lo, hi)).fetchone()
    found, to_cases, closed = conn.execute(
        "SELECT count(*), sum(i.case_id IS NOT NULL), sum(c.state IN ('closed', 'evaluated')) "
        "FROM inspections i JOIN organizations o ON o.id = i.organization_id "
        "LEFT JOIN cases c ON c.id = i.case_id WHERE i.deleted_at IS NULL AND "
        "o.deleted_at IS NULL AND o.path >= ? AND o.path < ? AND i.checklist LIKE "
        "'%\"hazard\"%'", (lo, hi)).fetchone()
    return PlaceStats(houses, rentals or 0, registered or 0, group or 0, empty, tenants, nine,
                      on_time or 0, found, to_cases or 0, closed or 0)
