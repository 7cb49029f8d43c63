"""Cases (事件, domain.md §5): reads and validated writes over the case tables.

The truth of a case is its append-only event log (``case_events``); the
columns of ``cases`` after ``created_by`` (state, holder, deadline, …) are a
projection of it, recomputed by replaying the log with the shared state
machine (``workflow``) after every event, in the same transaction as the
event. Every write goes through one unit of work: the case row, its
involved-resident links and every event leave their outbox op and audit
record with it (architecture.md). Events are ``transition`` ops (commands the
server re-checks), never field overwrites.

Case numbers are made offline: ``<grid code>-<yyyymmdd>-<device>-<seq>``
where ``device`` is 6 hex characters of this store's device id and ``seq``
counts this device's cases of that day (a counter in ``meta``, bumped inside
the creating transaction). The device part is taken from the *random* tail of
the UUIDv7 device id: its head is a timestamp, identical for devices set up
within the same few hours.

Photos are content-addressed files under ``<data_dir>/blobs/ab/<sha256>.jpg``
(plus ``.thumb.jpg``): decoded with Pillow, turned upright, downscaled to a
long side of 2048 px and re-encoded as JPEG, which also strips EXIF (GPS
positions, device serials) before anything leaves the device; the sha256 is
that of the JPEG bytes. The files are sealed with the store's photo file key
(``app.models.store.photo_files``): read them with ``photo_bytes``, never from the
path. A ``blobs`` row (state 'local') is the upload queue's entry; the event's
``photos`` list of sha256 is what syncs.

Time limits come from the category dictionary and the work calendar
(``app.models.domain.calendar``): the clock starts at dispatch (at the report for a
self-handled case); the deadline is the category's limit (the urgent override
for an urgent case) plus approved extensions in working days. For a category
with a first-response limit (私搭乱建: stop within 4 working hours, demolish
within 20 working days) the binding deadline until the department signs for
the case is the first-response one; from the sign-for on it is the full
limit, both counted from the dispatch.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from app.models.domain import calendar as cal
from app.models.domain import case_fields, case_projection, rules, validation, workflow
from app.models.domain import categories as cats
from app.models.domain.case_fields import GRID_KINDS
from app.models.cases import countdown as timing
from app.models.roster import search
from app.models.roster.repository import ValidationError
from app.models.store import clock, dictionaries, photo_files
from app.models.store.query import all_dicts, one_dict
from app.models.write.unit import Actor, NotFound, unit_of_work

QUEUES = ("to_accept", "to_dispatch", "to_verify", "overdue", "extension_requests", "assigned")
# The review queues that fit each role (the UI shows these; queue_counts returns all six).
ROLE_QUEUES: dict[str, tuple[str, ...]] = {
    "grid_worker": ("assigned", "overdue"),
    "grid_head": ("to_accept", "to_verify", "assigned", "overdue"),
    "community_supervisor": ("to_accept", "to_dispatch", "to_verify", "overdue",
                             "extension_requests"),
    "center_operator": ("to_accept", "to_dispatch", "to_verify", "overdue",
                        "extension_requests"),
    "dept_handler": ("assigned", "overdue"),
}

MAX_PHOTO_BYTES = 30 * 1024 * 1024
MAX_SIDE = 2048
THUMB_SIDE = 256
JPEG_QUALITY = 85
THUMB_QUALITY = 80
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
OPEN_STATES = tuple(s for s in workflow.STATES if s in workflow.OPEN)


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    states: tuple = ()
    category: str | None = None       # a category code, or a major's code or zh name
    source: str | None = None
    overdue: bool = False
    mine: bool = False
    path_prefix: str | None = None    # an org code: cases of grids under it
    queue: str | None = None          # one of QUEUES


@dataclass(frozen=True)
class _Photo:
    sha256: str
    data: bytes
    thumb: bytes
    width: int
    height: int


def _issue(fld: str, code: str, **params) -> rules.Issue:
    return rules.Issue(fld, code, params)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Cases:
    def __init__(self, store, actor: Actor, *, data_dir: Path | None = None,
                 calendar: cal.WorkCalendar | None = None,
                 categories: cats.Categories | None = None,
                 now: Callable[[], dt.datetime] | None = None):
        self.store = store
        self.conn = store.conn
        self.actor = actor
        self.data_dir = Path(data_dir) if data_dir is not None else Path(store.path).parent
        # given ones (tests, a bench), else the versions synced from the server
        self._fixed_dicts = (categories, calendar)
        self._dicts = dictionaries.Current(store.conn)
        self._now = now or clock.now
        self._device_short: str | None = None

    @property
    def calendar(self) -> cal.WorkCalendar:
        fixed = self._fixed_dicts[1]
        return fixed if fixed is not None else self._dicts.calendar

    @property
    def categories(self) -> cats.Categories:
        fixed = self._fixed_dicts[0]
        return fixed if fixed is not None else self._dicts.categories

    # ------------------------------------------------------------------ time
    def now(self) -> dt.datetime:
        return cal.localize(self._now(), self.calendar.tz)

    def _now_iso(self) -> str:
        return cal.to_iso(self.now(), self.calendar.tz)

    @property
    def device_short(self) -> str:
        if self._device_short is None:
            self._device_short = self.store.device_id.replace("-", "")[-6:].lower()
        return self._device_short

    # ------------------------------------------------------------------ reads
    def get(self, case_id: str) -> dict:
        row = one_dict(self.conn, "SELECT * FROM cases WHERE id = ?", (case_id,))
        if row is None:
            raise NotFound(f"case {case_id} not found")
        return row

    def by_number(self, number: str) -> dict | None:
        """A case by any of its numbers: the long one, the city's or the provisional."""
        return one_dict(self.conn, "SELECT * FROM cases WHERE number = ? OR short_no = ? "
                        "OR provisional_no = ? ORDER BY rid LIMIT 1", (number,) * 3)

    def events(self, case_id: str) -> list[dict]:
        rows = all_dicts(self.conn, "SELECT * FROM case_events WHERE case_id = ? ORDER BY seq",
                    (case_id,))
        for row in rows:
            row["photos"] = json.loads(row["photos"] or "[]")
            row["data"] = json.loads(row["data"] or "{}")
        return rows

    def residents(self, case_id: str) -> list[dict]:
        return all_dicts(self.conn, "SELECT r.* FROM case_residents cr JOIN residents r "
                    "ON r.id = cr.resident_id WHERE cr.case_id = ? AND cr.deleted_at IS NULL "
                    "ORDER BY r.name, r.rid", (case_id,))

    def org_unit(self, unit_id: str | None) -> dict | None:
        if not unit_id:
            return None
        return one_dict(self.conn, "SELECT * FROM org_units WHERE id = ?", (unit_id,))

    def category(self, case_row: dict):
        return self.categories.get(case_row.get("category"))

    def state_of(self, case_id: str) -> workflow.CaseState:
        """The state replayed from the log (the projection's source)."""
        case = self.get(case_id)
        return workflow.replay(self._workflow_events(case_id),
                               self_handle_allowed=self._self_handle(case))

    def allowed_actions(self, case_id: str) -> list[str]:
        case = self.get(case_id)
        state = workflow.replay(self._workflow_events(case_id),
                                self_handle_allowed=self._self_handle(case))
        return workflow.allowed_actions(state, self.actor.role,
                                        self_handle_allowed=self._self_handle(case))

    def suggest_department(self, case_id: str) -> dict | None:
        """The org unit of the category's handling department nearest the case's grid
        (the dictionary's departments matched to the org tree's units by name:
        categories.department_of_unit), or None when there is no such unit."""
        case = self.get(case_id)
        grid = self.org_unit(case["grid_id"]) or {}
        units = all_dicts(self.conn, "SELECT * FROM org_units WHERE kind = 'department' "
                          "AND deleted_at IS NULL ORDER BY code")
        found = self.categories.responsible_units(case.get("category"), units,
                                                  grid.get("path") or "")
        return found[0] if found else None

    # ------------------------------------------------------------- time limits
    def level(self, case_row: dict) -> str:
        """'normal' | 'yellow' | 'red' from the clock start, the deadline and now; a
        closed case by when it was closed."""
        if case_row.get("state") == workflow.REJECTED:
            return "normal"
        if case_row.get("state") in (workflow.CLOSED, workflow.EVALUATED):
            at = cal.parse_iso(case_row.get("closed_at"), self.calendar.tz)
            if at is None:
                return "normal"
        else:
            at = self.now()
        return self.calendar.level(at, case_row.get("clock_start"), case_row.get("deadline"))

    def remaining(self, case_row: dict) -> dt.timedelta | None:
        """Wall-clock time to the deadline (negative when overdue) for an open case."""
        deadline = cal.parse_iso(case_row.get("deadline"), self.calendar.tz)
        if deadline is None or case_row.get("state") not in workflow.OPEN:
            return None
        return deadline - self.now()

    def countdown(self, case_row: dict) -> timing.Countdown | None:
        """The time-left column's facts: the binding limit, time left, its colour band."""
        return timing.countdown(case_row, self.calendar, self.now())

    def final_deadline(self, case_row: dict) -> dt.datetime | None:
        """The full-limit deadline, also while a first-response deadline binds."""
        cat = self.category(case_row)
        if cat is None or not case_row.get("clock_start"):
            return None
        return self.calendar.deadline(case_row["clock_start"], cat,
                                      urgent=case_row.get("urgency") == "urgent",
                                      extra_days=case_row.get("extra_days") or 0)

    # ------------------------------------------------------------------ lists
    def _queue_sql(self, queue: str) -> tuple[str, list]:
        now = self._now_iso()
        marks = ",".join("?" * len(OPEN_STATES))
        if queue == "to_accept":
            return "c.state = 'reported'", []
        if queue == "to_dispatch":
            return "c.state = 'accepted'", []
        if queue == "to_verify":
            return "c.state = 'handled'", []
        if queue == "overdue":
            return (f"c.state IN ({marks}) AND c.deadline IS NOT NULL AND c.deadline < ?",
                    [*OPEN_STATES, now])
        if queue == "extension_requests":
            return "c.state = 'handling' AND c.extension_pending IS NOT NULL", []
        if queue == "assigned":
            # 上级交办: cases handed down from above (12345 hotline, higher levels) still open.
            return f"c.source = 'assigned' AND c.state IN ({marks})", [*OPEN_STATES]
        raise ValueError(f"unknown queue {queue!r}")

    def _filters(self, q: CaseQuery) -> tuple[list[str], list]:
        where, params = ["c.deleted_at IS NULL"], []
        text = rules.clean_query_text(q.text)   # a search box: NUL, lone surrogates dropped
        if text:
            like = _like(text)
            where.append("(c.title LIKE ? ESCAPE '\\' OR c.number LIKE ? ESCAPE '\\' OR "
                         "c.short_no LIKE ? ESCAPE '\\' OR c.provisional_no LIKE ? ESCAPE '\\' "
                         "OR c.description LIKE ? ESCAPE '\\' OR "
                         "c.location_text LIKE ? ESCAPE '\\')")
            params += [like] * 6
        if q.states:
            where.append(f"c.state IN ({','.join('?' * len(q.states))})")
            params += list(q.states)
        if q.category:
            if q.category in self.categories:
                where.append("c.category = ?")
                params.append(q.category)
            else:
                codes = [c.code for c in self.categories.by_major(q.category)] or [q.category]
                where.append(f"c.category IN ({','.join('?' * len(codes))})")
                params += codes
        if q.source:
            where.append("c.source = ?")
            params.append(q.source)
        if q.overdue:
            sql, p = self._queue_sql("overdue")
            where.append(sql)
            params += p
        if q.mine:
            # Mine: what I hold or reported, and what is dispatched to my unit (a department).
            where.append("(c.holder_user_id = ? OR c.created_by = ? OR c.holder_unit_id IN "
                         "(SELECT id FROM org_units WHERE code = ?))")
            params += [self.actor.user_id, self.actor.user_id, self.actor.scope_code or "\x00"]
        if q.path_prefix:
            lo, hi = search.path_range(q.path_prefix)
            where.append("c.path >= ? AND c.path < ?")
            params += [lo, hi]
        if q.queue:
            sql, p = self._queue_sql(q.queue)
            where.append(sql)
            params += p
        return where, params

    def list(self, q: CaseQuery | None = None, cursor: int | None = None, limit: int = 200
             ) -> tuple[list[dict], int | None]:
        """One keyset page, newest first (local insertion order, ``rid`` descending);
        returns (rows, cursor of the next page or None)."""
        q = q or CaseQuery()
        where, params = self._filters(q)
        if cursor is not None:
            where.append("c.rid < ?")
            params.append(int(cursor))
        rows = all_dicts(self.conn, f"SELECT c.* FROM cases c WHERE {' AND '.join(where)} "
                    "ORDER BY c.rid DESC LIMIT ?", [*params, limit + 1])
        if len(rows) > limit:
            rows = rows[:limit]
            return rows, rows[-1]["rid"]
        return rows, None

    def count(self, q: CaseQuery | None = None) -> int:
        where, params = self._filters(q or CaseQuery())
        return self.conn.execute(f"SELECT count(*) FROM cases c WHERE {' AND '.join(where)}",
                                 params).fetchone()[0]

    def is_for(self, case: dict, actor: Actor) -> bool:
        """Whether a case (just arrived by sync) sits in one of ``actor``'s queues: held
        by the actor's unit, or in a review queue of the actor's role within scope."""
        unit = self.conn.execute("SELECT id FROM org_units WHERE code = ?",
                                 (actor.scope_code,)).fetchone() if actor.scope_code else None
        if unit and case.get("holder_unit_id") == unit[0]:
            return True
        if case.get("state") not in OPEN_STATES:
            return False
        in_scope = (case.get("path") or "").startswith(actor.scope_code or "")
        queues = ROLE_QUEUES.get(actor.role, ())
        return in_scope and any(
            self.count(CaseQuery(queue=q, path_prefix=actor.scope_code or None,
                                 text=case.get("number"))) for q in queues)

    def queue_counts(self, path_prefix: str | None = None) -> dict[str, int]:
        """The six review queues. One count each: every queue has an index to answer
        it (schema v5), where a single pass over all cases would scan the table."""
        return {queue: self.count(CaseQuery(queue=queue, path_prefix=path_prefix))
                for queue in QUEUES}

    # ---------------------------------------------------------------- photos
    def photo_path(self, sha256: str, thumb: bool = False) -> Path:
        """Where the sealed file lives (it is not an image: see ``photo_bytes``)."""
        return self.data_dir / photo_files.rel_path(sha256, thumb)

    def photo_bytes(self, sha256: str, thumb: bool = False) -> bytes | None:
        """The photo's JPEG bytes, decrypted in memory; None when it is not on this PC
        (not downloaded yet) or cannot be opened."""
        return photo_files.read(self.conn, self.photo_path(sha256, thumb), sha256,
                                photo_files.THUMB if thumb else photo_files.FULL)

    def has_photo(self, sha256: str, thumb: bool = False) -> bool:
        return self.photo_path(sha256, thumb).exists()


    def add_photo(self, source: Path | str | bytes) -> str:
        """Store a photo; returns its sha256. Same content, same sha, stored once."""
        if isinstance(source, str) and SHA_RE.match(source) and self._has_blob(source):
            return source
        photo = self._prepare_photo(source)
        with self.store.transaction() as conn:
            self._store_photo(conn, photo)
        return photo.sha256

    def _has_blob(self, sha: str) -> bool:
        return self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone() is not None

    def _prepare_photo(self, source) -> _Photo:
        from PIL import Image, ImageOps, UnidentifiedImageError

        name = ""
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
        else:
            path = Path(source)
            name = path.name
            try:
                size = path.stat().st_size
                if size > MAX_PHOTO_BYTES:
                    raise ValidationError([_issue("photos", "photo.too_large", name=name,
                                                  max_mb=MAX_PHOTO_BYTES // 2**20)])
                data = path.read_bytes()
            except OSError:
                raise ValidationError([_issue("photos", "photo.unreadable", name=name)]) from None
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationError([_issue("photos", "photo.too_large", name=name,
                                          max_mb=MAX_PHOTO_BYTES // 2**20)])
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale
                img.load()
                img = ImageOps.exif_transpose(img)
                img = _to_rgb(img)
        except Image.DecompressionBombError:
            raise ValidationError([_issue("photos", "photo.too_large", name=name,
                                          max_mb=MAX_PHOTO_BYTES // 2**20)]) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
                TypeError, IndexError):
            raise ValidationError([_issue("photos", "photo.not_image", name=name)]) from None
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        small = img.copy()
        small.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
        thumb = io.BytesIO()
        small.save(thumb, "JPEG", quality=THUMB_QUALITY, optimize=True)
        stored = out.getvalue()
        return _Photo(hashlib.sha256(stored).hexdigest(), stored, thumb.getvalue(),
                      img.width, img.height)

    def _prepare_photos(self, photos: Iterable) -> tuple[list[str | _Photo], list[rules.Issue]]:
        """Decode every photo before anything is written; a sha256 of a stored blob
        is taken as it is."""
        out: list[str | _Photo] = []
        issues: list[rules.Issue] = []
        for source in photos or ():
            if isinstance(source, str) and SHA_RE.match(source) and self._has_blob(source):
                out.append(source)
                continue
            try:
                out.append(self._prepare_photo(source))
            except ValidationError as exc:
                issues += exc.issues
        return out, issues

    def _store_photo(self, conn, photo: _Photo) -> None:
        for kind, data in ((photo_files.FULL, photo.data), (photo_files.THUMB, photo.thumb)):
            path = self.photo_path(photo.sha256, kind == photo_files.THUMB)
            if path.exists() and photo_files.read(conn, path, photo.sha256, kind) is not None:
                continue   # same content, same name: stored already
            photo_files.write(conn, path, photo.sha256, kind, data)
        conn.execute(
            "INSERT OR IGNORE INTO blobs(sha256, size, mime, width, height, path, thumb_path, "
            "state, upload_offset, created_at) VALUES (?, ?, 'image/jpeg', ?, ?, ?, ?, 'local', 0, ?)",
            (photo.sha256, len(photo.data), photo.width, photo.height,
             photo_files.rel_path(photo.sha256), photo_files.rel_path(photo.sha256, True),
             self._now_iso()))

    def _store_photos(self, conn, photos: list[str | _Photo]) -> list[str]:
        shas: list[str] = []
        for photo in photos:
            if isinstance(photo, _Photo):
                self._store_photo(conn, photo)
                photo = photo.sha256
            if photo not in shas:
                shas.append(photo)
        return shas

    # ----------------------------------------------------------------- writes
    def create(self, *, title: str, category: str, grid_id: str, description: str = "",
               source: str = "patrol", urgency: str | None = None, address_id: str | None = None,
               location_text: str | None = None, lon: float | None = None,
               lat: float | None = None, reporter_name: str | None = None,
               reporter_phone: str | None = None, resident_ids: Iterable[str] = (),
               photos: Iterable = (), report: bool = True) -> dict:
        """Validate and write a case, its resident links and (``report``) its 'report'
        event with the photos, in one unit of work. ``urgency`` None = the category's
        default (紧急 for 井盖缺失/破损 and 燃气隐患, else 一般)."""
        return self._create(title=title, category=category, grid_id=grid_id,
                            description=description, source=source, urgency=urgency,
                            address_id=address_id, location_text=location_text, lon=lon,
                            lat=lat, reporter_name=reporter_name, reporter_phone=reporter_phone,
                            resident_ids=resident_ids, photos=photos, report=report)

    def _create(self, *, title, category, grid_id, description, source, urgency, address_id,
                location_text, lon, lat, reporter_name, reporter_phone, resident_ids, photos,
                report, report_data: dict | None = None, photo_refs: Iterable[str] = ()
                ) -> dict:
        # the case as it will be stored, checked by the rule the server applies to it
        # (app.models.domain.validation); what needs the store is checked here
        photos, photo_refs = list(photos or ()), list(photo_refs or ())
        values: dict = {}
        for fld, value in (("title", title), ("description", description),
                           ("location_text", location_text), ("reporter_name", reporter_name)):
            values[fld] = (str(value or "").strip() if fld == "description"
                           else rules.normalize_free_text(value)) or None
        cat = self.categories.get(category) if category else None
        if urgency is None:
            urgency = cat.default_urgency if cat else "normal"
        phone = rules.normalize_phone(str(reporter_phone or ""))
        issues = validation.validate_case(
            {**values, "category": category, "source": source, "urgency": urgency,
             "lon": lon, "lat": lat, "reporter_phone": phone or None}, self.categories)
        grid = self.org_unit(grid_id) if grid_id else None
        if not grid_id:
            issues.append(_issue("grid_id", "required"))
        elif grid is None or grid["kind"] not in GRID_KINDS or grid["deleted_at"]:
            issues.append(_issue("grid_id", "not_found"))
        if address_id:
            address = one_dict(self.conn, "SELECT id FROM addresses WHERE id = ? "
                           "AND deleted_at IS NULL", (address_id,))
            if address is None:
                issues.append(_issue("address_id", "not_found"))
        # stored as the floats the rule accepted (a typed "113.6" is a number)
        position, _ = rules.check_coordinates(lon, lat)
        lon, lat = position if position else (None, None)
        residents: list[str] = []
        for rid in resident_ids or ():
            if rid in residents:
                continue
            if one_dict(self.conn, "SELECT id FROM residents WHERE id = ? AND deleted_at IS NULL",
                    (rid,)) is None:
                issues.append(_issue("resident_ids", "not_found", id=rid))
            residents.append(rid)
        if report:
            # filed now: it must say what and where (the server checks the same)
            issues += validation.validate_report(
                {**values, "source": source, "address_id": address_id, "lon": lon,
                 "lat": lat}, len(photos) + len(photo_refs))
        if rules.errors(issues):
            raise ValidationError(rules.errors(issues))
        prepared, photo_issues = self._prepare_photos(photos)
        if photo_issues:
            raise ValidationError(photo_issues)

        now = self.now()
        at = cal.to_iso(now, self.calendar.tz)
        event = None
        if report:
            event = workflow.Event("report", self.actor.role, self.actor.user_id,
                                   {"unit": grid_id, **(report_data or {})}, at)
            workflow.check(workflow.CaseState(), event)   # before anything is written
        with unit_of_work(self.store, self.actor) as w:
            row = w.create("cases", dict(
                number=self._next_number(w.conn, grid["code"], now),
                provisional_no=self._next_provisional(w.conn), grid_id=grid_id,
                path=grid["code"], title=values["title"], description=values["description"],
                category=category, source=source, urgency=urgency, address_id=address_id,
                location_text=values["location_text"], lon=lon, lat=lat,
                reporter_name=values["reporter_name"], reporter_phone=phone or None,
                created_by=self.actor.user_id, created_at=at))
            for resident_id in residents:
                w.create("case_residents", dict(case_id=row["id"], resident_id=resident_id))
            shas = self._store_photos(w.conn, [*prepared, *photo_refs])
            if event is not None:
                self._append(w, row["id"], event, note=None, photos=shas)
            elif shas:
                self._append(w, row["id"], workflow.Event(
                    "photo", self.actor.role, self.actor.user_id, {}, at), note=None, photos=shas)
            self._reproject(w, row["id"])
        return self.get(row["id"])

    def act(self, case_id: str, action: str, *, note: str | None = None, photos: Iterable = (),
            **data) -> dict:
        """Append one event after the state machine allows it for the actor's role;
        the projection is updated in the same transaction."""
        case = self.get(case_id)
        self_handle = self._self_handle(case)
        state = workflow.replay(self._workflow_events(case_id), self_handle_allowed=self_handle)
        data = {k: v for k, v in data.items() if v is not None}
        if action == "request_extension" and isinstance(data.get("days"), str) \
                and data["days"].strip().isdigit():
            data["days"] = int(data["days"])
        if action == "report":
            data.setdefault("unit", case["grid_id"])
        at = self._now_iso()
        event = workflow.Event(action, self.actor.role, self.actor.user_id, data, at)
        workflow.check(state, event, self_handle_allowed=self_handle)
        if action == "request_extension" and isinstance(data.get("days"), bool):
            # check() takes a JSON true for 1 day (bool is an int); refuse it here
            raise workflow.TransitionError("extension_days", action, state.state)

        note = str(note).strip() if note is not None else None
        issues = validation.validate_event({"action": action, "note": note})
        if action == "photo" and not list(photos or ()):
            issues.append(_issue("photos", "required"))
        if action in ("dispatch", "escalate", "report") and data.get("unit"):
            unit = self.org_unit(data["unit"])
            if unit is None or unit["deleted_at"]:
                issues.append(_issue("unit", "not_found"))
        try:
            json.dumps(data)
        except (TypeError, ValueError):
            issues.append(_issue("data", "choice.invalid"))
        if rules.errors(issues):
            raise ValidationError(rules.errors(issues))
        prepared, photo_issues = self._prepare_photos(photos)
        if photo_issues:
            raise ValidationError(photo_issues)
        with unit_of_work(self.store, self.actor) as w:
            shas = self._store_photos(w.conn, prepared)
            self._append(w, case_id, event, note=note or None, photos=shas)
            self._reproject(w, case_id)
        return self.get(case_id)

    def refresh(self, case_id: str) -> dict:
        """Recompute a case's projection from its log (e.g. after sync added events)."""
        self.get(case_id)
        with unit_of_work(self.store, self.actor) as w:
            self._reproject(w, case_id)
        return self.get(case_id)

    def case_of_visit(self, visit_id: str) -> dict | None:
        """The case a visit's finding became (its report names the visit), or None."""
        return one_dict(self.conn, "SELECT c.* FROM case_events e JOIN cases c ON c.id = "
                        "e.case_id WHERE e.action = 'report' AND e.deleted_at IS NULL AND "
                        "c.deleted_at IS NULL AND json_extract(e.data, '$.visit_id') = ? "
                        "ORDER BY c.rid LIMIT 1", (visit_id,))

    def from_visit(self, visit_id: str, *, title: str, category: str, **kw) -> dict:
        """A visit's finding becomes a case: the visit's resident, grid and address are
        linked, the description is the findings and the visit's photos come along."""
        visit = one_dict(self.conn, "SELECT * FROM visits WHERE id = ?", (visit_id,))
        if visit is None:
            raise NotFound(f"visit {visit_id} not found")
        made = self.case_of_visit(visit_id)
        if made is not None:
            # one finding, one case: a second click opens the first
            raise ValidationError([_issue("visit_id", "case.exists",
                                          number=case_fields.shown_number(made))])
        resident = (one_dict(self.conn, "SELECT * FROM residents WHERE id = ?",
                         (visit["resident_id"],)) if visit["resident_id"] else None)
        household_id = visit["household_id"] or (resident or {}).get("household_id")
        household = (one_dict(self.conn, "SELECT * FROM households WHERE id = ?", (household_id,))
                     if household_id else None)
        resident_ids = list(kw.pop("resident_ids", ()) or ())
        if resident and resident["id"] not in resident_ids:
            resident_ids.insert(0, resident["id"])
        visit_photos = [p for p in json.loads(visit["photos"] or "[]")
                        if isinstance(p, str) and SHA_RE.match(p)]
        photos = visit_photos + [p for p in (kw.pop("photos", ()) or ()) if p not in visit_photos]
        args = dict(description=visit["findings"] or "", source="patrol", urgency=None,
                    address_id=(household or {}).get("room_id"), location_text=None, lon=None,
                    lat=None, reporter_name=None, reporter_phone=None, report=True)
        unknown = set(kw) - set(args) - {"grid_id"}
        if unknown:
            raise TypeError(f"unexpected arguments: {sorted(unknown)}")
        args.update(kw)
        args.setdefault("grid_id", visit["grid_id"])
        # Visit photos are sha256 references; one whose bytes are not on this device yet
        # (taken on another device) is referenced as it is.
        refs = [p for p in visit_photos if not self._has_blob(p)]
        photos = [p for p in photos if p not in refs]
        return self._create(title=title, category=category, resident_ids=resident_ids,
                            photos=photos, report_data={"visit_id": visit_id},
                            photo_refs=refs, **args)

    # ---------------------------------------------------------------- helpers
    def _self_handle(self, case: dict) -> bool:
        cat = self.category(case)
        return bool(cat and cat.self_handle)

    def _workflow_events(self, case_id: str) -> list[workflow.Event]:
        return workflow_events(self.conn, case_id)

    def _next_number(self, conn, grid_code: str, now: dt.datetime) -> str:
        day = now.strftime("%Y%m%d")
        key = f"case_seq.{day}"
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        seq = int(row[0]) if row else 0
        while True:   # a clock set back to a day already used must not repeat a number
            seq += 1
            number = f"{grid_code}-{day}-{self.device_short}-{seq:04d}"
            if conn.execute("SELECT 1 FROM cases WHERE number = ?", (number,)).fetchone() is None:
                break
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, str(seq)))
        return number

    def _next_provisional(self, conn) -> str:
        """This device's next provisional number (临-<device>-<seq>), in the creating
        transaction; a number already taken (a restored backup) is skipped."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'case_provisional_seq'"
                           ).fetchone()
        seq = int(row[0]) if row else 0
        code = case_fields.device_code(self.store.device_id)
        while True:
            seq += 1
            number = case_fields.provisional_number(code, seq)
            if conn.execute("SELECT 1 FROM cases WHERE provisional_no = ?",
                            (number,)).fetchone() is None:
                break
        conn.execute("INSERT INTO meta(key, value) VALUES ('case_provisional_seq', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(seq),))
        return number

    def _append(self, w, case_id: str, event: workflow.Event, *, note: str | None,
                photos: list[str]) -> dict:
        seq = w.conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?",
                             (case_id,)).fetchone()[0]
        return w.transition(case_id, dict(
            seq=seq, action=event.action, actor_id=self.actor.user_id,
            actor_name=self.actor.name, role=event.role, device_time=event.at, server_time=None,
            note=note, photos=json.dumps(photos), conflict=0,
            data=json.dumps(dict(event.data), ensure_ascii=False, sort_keys=True)))

    def _reproject(self, w, case_id: str) -> None:
        reproject(w, case_id, self.categories, self.calendar)

    def _projection(self, case: dict, state: workflow.CaseState) -> dict:
        return case_projection.project(case, state, self.categories, self.calendar)


def workflow_events(conn, case_id: str) -> list[workflow.Event]:
    return [workflow.Event(action, role, actor or "", json.loads(data or "{}"), at)
            for action, role, actor, data, at in conn.execute(
                "SELECT action, role, actor_id, data, device_time FROM case_events "
                "WHERE case_id = ? AND deleted_at IS NULL ORDER BY seq", (case_id,))]


def reproject(w, case_id: str, categories: cats.Categories, calendar: cal.WorkCalendar) -> None:
    """Recompute a case's derived columns and event conflict flags from its log, inside
    the unit of work ``w`` (after a local event, or after sync brought events)."""
    case = w.get("cases", case_id)
    rows = w.conn.execute("SELECT id, conflict FROM case_events WHERE case_id = ? "
                          "AND deleted_at IS NULL ORDER BY seq", (case_id,)).fetchall()
    cat = categories.get(case.get("category"))
    state = workflow.replay(workflow_events(w.conn, case_id),
                            self_handle_allowed=bool(cat and cat.self_handle))
    flagged = set(state.conflicts)
    for index, (event_id, conflict) in enumerate(rows):
        if bool(conflict) != (index in flagged):
            w.set_derived("case_events", event_id, {"conflict": int(index in flagged)})
    projection = case_projection.project(case, state, categories, calendar)
    w.set_derived("cases", case_id, {k: v for k, v in projection.items() if case.get(k) != v})


def _to_rgb(img):
    from PIL import Image

    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if img.mode != "RGB":
        return img.convert("RGB")
    return img
