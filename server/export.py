"""``python -m server export-roster``: the residents of an org unit and everything
under it (by scope path), with their address, household and tags, as an .xlsx.

The rules are the desktop's export (app/models/io/exporter.py, domain.md §6),
written here because the server imports nothing of the desktop but its domain:

- ID numbers and phones are masked (``rules.mask_id``/``mask_phone``) unless
  ``full``; full values leaving the building need a reason;
- key-group tags (重点人群, PIPL sensitive) go out only with full values: a masked
  file is the kind that gets handed around;
- ``as_user`` exports as that account: its role must hold 管 (full values: the
  right to export them, key groups: 防) and the org must lie in its scope. Without
  it the actor is ``cli``, the operator at the server's console;
- every sheet carries a watermark (first row, page header and footer, document
  properties); the export is a record in the hash-chained audit log, written
  before the file takes its name (a file whose record cannot be written is removed).
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass

import sqlalchemy as sa

from app.models.domain import choices as d
from app.models.domain import rights, rules
from app.models.domain.calendar import TZ
from server import auth, db, xlsx
from server.sync.scope import KEY_TAGS, path_range

CLI_ACTOR = "cli"

# (key, zh, en): the headers of the desktop's export and import template
# (app.models.io.layout.FIELDS, which the server may not import; a test keeps the
# two the same), so a full export imports again
COLUMNS = (
    ("name", "姓名", "Name"), ("id_type", "证件类型", "ID type"),
    ("id_number", "身份证号", "ID number"), ("gender", "性别", "Gender"),
    ("birth_date", "出生日期", "Birth date"), ("ethnicity", "民族", "Ethnicity"),
    ("phone", "联系电话", "Phone"), ("residence_type", "人员类别", "Residence type"),
    ("relation", "与户主关系", "Relation to head"),
    ("household_number", "户号", "Household number"), ("grid", "所属网格", "Grid"),
    ("address", "现住址", "Address"), ("registered_address", "户籍地址", "Registered address"),
    ("political_status", "政治面貌", "Political status"), ("education", "文化程度", "Education"),
    ("occupation", "职业", "Occupation"), ("work_unit", "工作单位", "Work unit"),
    ("marital_status", "婚姻状况", "Marital status"), ("moved_in_date", "迁入日期", "Moved in on"),
    ("status", "人员状态", "Status"),
    ("in_service_party_member", "在职党员", "In-service party member"),
    ("party_member_unit", "党员所在单位", "Party member's unit"),
    ("tags", "标签", "Tags"), ("notes", "备注", "Notes"))
WIDTHS = {"name": 10, "id_number": 21, "phone": 14, "address": 30, "registered_address": 30,
          "birth_date": 12, "moved_in_date": 12, "household_number": 12, "grid": 12,
          "tags": 16, "notes": 24, "work_unit": 18, "id_type": 12}
LABELLED = {"id_type": d.ID_TYPES, "gender": d.GENDERS, "ethnicity": d.ETHNICITIES,
            "residence_type": d.RESIDENCE_TYPES, "relation": d.RELATIONS,
            "political_status": d.POLITICAL_STATUS, "education": d.EDUCATION,
            "marital_status": d.MARITAL_STATUS, "status": d.RESIDENT_STATUS}


class ExportRefused(ValueError):
    """The export may not run as asked; the message says why."""


@dataclass
class ExportResult:
    path: str
    rows: int
    masked: bool
    key_tags: bool
    org: str
    actor: str

    def summary(self) -> dict:
        return {"file": self.path, "rows": self.rows, "masked": self.masked,
                "key_tags": self.key_tags, "org": self.org, "by": self.actor}


def _exporter(conn, username: str | None, unit: dict, full: bool) -> tuple[str, str, bool]:
    """(audit actor, name shown, may include key groups) of who exports; refuses a
    user without the rights or the scope."""
    if username is None:
        return CLI_ACTOR, CLI_ACTOR, True
    u, o = db.users, db.ENTITIES["org_units"]
    user = conn.execute(sa.select(u.c.id, u.c.role, u.c.disabled, u.c.scope_unit_id,
                                  u.c.display_name, o.c.path)
                        .outerjoin(o, o.c.id == u.c.scope_unit_id)
                        .where(u.c.username == username)).mappings().first()
    if user is None:
        raise ExportRefused(f"no user {username!r}")
    if user["disabled"]:
        raise ExportRefused(f"user {username!r} is disabled")
    if user["role"] not in rights.EXPORTERS:
        raise ExportRefused(f"user {username!r} ({user['role']}) may not export the roster")
    if full and user["role"] not in rights.FULL_VALUE_EXPORTERS:
        raise ExportRefused(f"user {username!r} ({user['role']}) may not export full ID "
                            "numbers and phones")
    # a scope unit that is gone leaves a path nothing lies under (server/auth.py)
    scope = (user["path"] or "/\x00none/") if user["scope_unit_id"] else "/"
    if not unit["path"].startswith(scope):
        raise ExportRefused(f"org {unit['code']} is outside the scope of user {username!r}")
    return (user["id"], f"{user['display_name'] or username} ({username})",
            user["role"] in rights.KEY_GROUP_ROLES)


def _rows(conn, prefix: str, today: str):
    """(resident columns…, household number, grid name, address, tag codes) of the live
    residents under ``prefix``, household by household."""
    r, h = db.ENTITIES["residents"], db.ENTITIES["households"]
    a, g = db.ENTITIES["addresses"], db.ENTITIES["org_units"]
    t = db.ENTITIES["resident_tags"]
    lo, hi = path_range(prefix)
    under = sa.and_(r.c.scope_path >= lo, r.c.scope_path < hi, r.c.deleted_at.is_(None))
    tags: dict[str, list[str]] = {}
    for rid, tag in conn.execute(
            sa.select(t.c.resident_id, t.c.tag).join(r, r.c.id == t.c.resident_id)
            .where(under, t.c.deleted_at.is_(None),
                   sa.or_(t.c.until.is_(None), t.c.until >= today))
            .order_by(t.c.resident_id, t.c.tag)):
        tags.setdefault(rid, []).append(tag)
    query = (sa.select(r, h.c.number.label("household_number"), g.c.name.label("grid"),
                       a.c.full_name.label("address"))
             .outerjoin(h, sa.and_(h.c.id == r.c.household_id, h.c.deleted_at.is_(None)))
             .outerjoin(a, a.c.id == h.c.room_id)
             .outerjoin(g, g.c.id == r.c.grid_id)
             .where(under)
             .order_by(r.c.scope_path, h.c.number, r.c.id)
             .execution_options(yield_per=2000))
    for row in conn.execute(query).mappings():
        yield row, tags.get(row["id"], ())


def _cells(row, tags, full: bool, key_tags: bool, lang: str) -> list:
    zh = lang.startswith("zh")
    out = []
    for key, _zh, _en in COLUMNS:
        value = row.get(key)
        if key in LABELLED:
            choice = LABELLED[key].get(value)
            value = choice.label(lang) if choice else value
        elif key == "id_number" and not full:
            value = rules.mask_id(value)
        elif key == "phone" and not full:
            value = rules.mask_phone(value)
        elif key == "address":
            value = (value or "").replace(" ", "")
        elif key == "in_service_party_member":
            value = ("是" if value else "否") if zh else ("yes" if value else "no")
        elif key == "tags":
            value = "、".join(d.TAG_TYPES[c].label(lang) for c in tags
                             if c in d.TAG_TYPES and (key_tags or c not in KEY_TAGS))
        # a string is written as a text cell: an ID number stays 18 characters
        out.append(value if value not in ("", None) else None)
    return out


def export_roster(store: db.Store, *, org_code: str, path: str, full: bool = False,
                  reason: str = "", as_user: str | None = None, lang: str = "zh_CN",
                  now: float | None = None) -> ExportResult:
    """Write the roster of ``org_code``'s subtree to ``path`` and audit it."""
    reason = (reason or "").strip()
    if full and not reason:
        # full values leaving the building are a reveal of every row: say why (§6)
        raise ExportRefused("--full needs a --reason (why full ID numbers and phones leave "
                            "the system)")
    now = now or time.time()
    zh = lang.startswith("zh")
    tmp = path + ".part"
    with store.read() as conn:
        unit = auth.unit_by_code(conn, org_code)
        if unit is None or unit.get("deleted_at"):
            raise ExportRefused(f"no org unit with code {org_code!r}")
        actor, shown, may_key = _exporter(conn, as_user, unit, full)
        key_tags = full and may_key
        # the city's time (the server may run on UTC): the stamp a reader sees and the
        # day a tag's end date is judged by, as on the desktops
        local = dt.datetime.fromtimestamp(now, TZ)
        stamp = local.strftime("%Y-%m-%d %H:%M")
        mark = (f"内部资料 注意保密 · 导出人：{shown} · 导出时间：{stamp}" if zh else
                f"Internal, confidential · exported by {shown} · {stamp}")
        if not full:
            mark += " · 身份证号、电话已脱敏" if zh else " · ID numbers and phones masked"
        done = 0
        try:
            with xlsx.SheetWriter(
                    tmp, sheet="居民台账" if zh else "Roster",
                    widths=[WIDTHS.get(key, 10) for key, _zh, _en in COLUMNS], watermark=mark,
                    title=(f"居民台账导出 {unit['name']}" if zh else f"Roster {unit['name']}"),
                    creator=shown, description=mark) as sheet:
                sheet.row([f"{mark} · {unit['name']}（{unit['code']}）"], xlsx.STYLE_NOTE)
                sheet.row([head_zh if zh else head_en for _k, head_zh, head_en in COLUMNS],
                          xlsx.STYLE_HEAD)
                for row, tags in _rows(conn, unit["path"], local.date().isoformat()):
                    sheet.row(_cells(row, tags, full, key_tags, lang))
                    done += 1
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise
    try:
        with store.write() as conn:
            auth.audit(conn, now, actor, "roster.export", "org_units", unit["id"], {
                "by": as_user or CLI_ACTOR, "org": unit["code"], "rows": done,
                "masked": not full, "key_tags": key_tags,
                "file": rules.redact_numbers(os.path.basename(path)),
                **({"reason": rules.redact_numbers(reason)[:200]} if full else {})})
    except BaseException:
        os.remove(tmp)
        raise
    os.replace(tmp, path)
    return ExportResult(path, done, not full, key_tags, unit["code"], as_user or CLI_ACTOR)
