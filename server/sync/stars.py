"""五星支部 on the server (issue 21): where an assessment lives and the rules of its
workflow, judged with the domain's ``app.models.domain.stars`` (the desktop asks the
same functions before it writes).

- scope: the community's path, so the community's people, its street and its
  district receive it and no one else (``scope``);
- every write of a ``star_assessments`` row (create, patch, a conflict's
  resolution) is judged against the stored row: the role (评) and the level of the
  writer's unit decide which step they may take (a community self-assesses, a street
  reviews, a district confirms); a step is signed by its taker; the state follows
  the step; fixed fields stay (``check_step``). Deletes are refused (``refuse_delete``).
"""
from __future__ import annotations

from app.models.domain import stars
from server.errors import Reject

ENTITY = "star_assessments"


def scope(engine, conn, row: dict) -> tuple[str, None, bool]:
    unit = engine.unit(conn, row.get("unit_id"))
    if unit is None or unit["deleted_at"] or unit["kind"] != "community":
        raise Reject("unit_not_found", "unit_id is not a community")
    return unit["path"], None, False


def check_step(engine, c, entity: str, row: dict) -> None:
    if entity != ENTITY:
        return
    path = scope(engine, c.conn, row)[0]
    if not c.p.in_scope(path):
        # before anything about the row is told
        raise Reject("out_of_scope", "outside your scope")
    if row.get("path") not in (None, engine.unit(c.conn, row["unit_id"])["code"]):
        raise Reject("path_mismatch", "path is not the community's code")
    old = engine.get_row(c.conn, ENTITY, row["id"])
    try:
        stars.check_change(old, row, role=c.p.role, level=stars.level_of_path(c.p.scope_path),
                           user_id=c.p.user_id, unit_kind="community")
    except stars.StarRefusal as exc:
        raise Reject(exc.code, str(exc)) from None


def refuse_delete(entity: str, kind: str) -> None:
    if entity == ENTITY and kind not in ("create", "patch"):
        raise Reject("forbidden", "a star assessment is never deleted, and has no "
                                  f"{kind} op")
