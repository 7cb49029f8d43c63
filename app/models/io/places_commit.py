"""The last stage of a 出租房屋 or 实有单位 import: a ``places_import.PlacesPlan``
written in ONE transaction, every row through the places repository (the one write
path for houses and organizations: each row validated as a form's, row + outbox op
+ audit record), and an 'import' audit note. A refusal or a cancel rolls the whole
file back: nothing is half-saved."""
from __future__ import annotations

from dataclasses import dataclass

from app.models.domain import rules
from app.models.io.places_import import PlaceRow, PlacesPlan
from app.models.io.source import CHECK_EVERY, CancelCheck, Progress, check_cancel
from app.models.places.repository import Places
from app.models.roster.repository import ValidationError
from app.models.write.unit import Actor, unit_of_work


@dataclass
class PlacesImportResult:
    created: int = 0
    updated: int = 0
    not_imported: int = 0
    new_addresses: int = 0
    people: int = 0              # tenants or employees linked


class RowRefused(Exception):
    """The write path refused a row the preview took (the store changed since):
    nothing was imported. ``row``: its number in the file; ``issues``: why."""

    def __init__(self, row: int, issues: list[rules.Issue]):
        super().__init__(f"row {row}: {[i.code for i in issues]}")
        self.row, self.issues = row, issues


def commit_places(store, actor: Actor, plan: PlacesPlan, *, today=None,
                  progress: Progress | None = None,
                  cancel: CancelCheck | None = None) -> PlacesImportResult:
    """Write the plan in one transaction through ``places.repository.Places``."""
    repo = Places(store, actor, today)
    kind = plan.analysis.kind
    rows = plan.create + plan.update
    result = PlacesImportResult(created=len(plan.create), updated=len(plan.update),
                                not_imported=len(plan.errors) + len(plan.blocked),
                                new_addresses=len(plan.new_nodes))
    with store.transaction():
        check_cancel(cancel)
        repo.create_address_nodes([n.row() for n in plan.new_nodes])
        for i, row in enumerate(rows):
            if i % CHECK_EVERY == 0:
                check_cancel(cancel)
                if progress:
                    progress("write", i, len(rows))
            try:
                result.people += (_house(repo, row) if kind == "rentals"
                                  else _organization(repo, row))
            except ValidationError as exc:
                raise RowRefused(row.number, list(exc.issues)) from None
        check_cancel(cancel)
        with unit_of_work(store, actor) as w:
            w.note("import", "houses" if kind == "rentals" else "organizations", None, {
                "file": rules.redact_numbers(plan.analysis.source_name or ""), "kind": kind,
                "created": result.created, "updated": result.updated,
                "not_imported": result.not_imported, "new_addresses": result.new_addresses,
                "people": result.people})
    if progress:
        progress("write", len(rows), len(rows))
    return result


def _house(repo: Places, row: PlaceRow) -> int:
    if row.existing is None:
        house = repo.create_house(row.address_id(), row.values)
    else:
        house = repo.update_house(row.existing["id"], row.values) if row.values \
            else row.existing
    living = {t["resident_id"] for t in repo.tenants(house["id"], current_only=True)}
    added = 0
    for person in row.people:
        if person["id"] not in living:
            repo.add_tenant(house["id"], person["id"], moved_in=row.moved_in)
            added += 1
    return added


def _organization(repo: Places, row: PlaceRow) -> int:
    values = dict(row.values, address_id=row.address_id())
    house = repo.house_at(values["address_id"])
    values["house_id"] = house["id"] if house else None     # the shop's house, when registered
    if row.existing is None:
        org = repo.create_organization(values)
    else:
        org = repo.update_organization(row.existing["id"], values)
    working = {e["resident_id"] for e in repo.employees(org["id"])}
    added = 0
    for person in row.people:
        if person["id"] not in working:
            repo.add_employee(org["id"], person["id"])
            added += 1
    return added
