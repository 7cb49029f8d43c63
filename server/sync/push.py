"""``POST /sync/push`` (sync-protocol.md "Push"), as a mixin of the sync engine.

A request's ops are applied in ``device_seq`` order in one database transaction
(so every client transaction, ``tx_id``, commits whole); a rejected op leaves no
trace (a savepoint each, or the fast path described at ``_apply_run``).
``applied_ops`` is written in the same transaction, so a replayed ``op_id``
returns its stored outcome and changes nothing.

Ops after a gap in ``device_seq`` are held (``held_ops``) until the gap is
filled, and each is judged alone (issue 13):

- it runs with its sender's rights as they are when it runs, never with those of
  whoever fills the gap, and is refused if those rights ended
  (server/authority.py ``sender``);
- a malformed op (a NUL, a lone surrogate, a non-finite number, too large, too
  deep) is refused at intake; held, it keeps its ``device_seq`` as a placeholder
  with that verdict, so when its turn comes it is consumed as a refusal and the
  ops after it go on;
- an op id met twice (in one request, or held and already applied) uses up its
  ``device_seq`` slot once and writes one outcome, so it can never make every
  later push fail;
- a device holds at most ``MAX_HELD`` ops and ``MAX_PLACEHOLDERS`` placeholders.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.models.domain import rights
from server import authority, db
from server.auth import Principal
from server.errors import Reject

MAX_HELD = 1000           # full ops held per device
MAX_PLACEHOLDERS = 10000  # verdict-only placeholders per device
CASE_ENTITIES = frozenset({"cases", "case_events", "case_residents"})


class Redo(Exception):
    """The fast path met something only a savepoint can undo: redo the push carefully."""


def rejected(exc: Reject) -> dict:
    return {"status": "rejected", "code": exc.code, "message": exc.message}


class Push:
    """Mixin: needs the Engine's ``store``, ``apply_op``, ``settle``,
    ``refresh_dictionaries`` and the transaction context class ``ctx_class``."""

    def push(self, p: Principal, ops: list[dict], now: float) -> list[dict]:
        """Apply one request's ops; answers one result per op, in request order
        (``held`` for an op that waits for an earlier ``device_seq``)."""
        if p.role not in rights.PUSHERS:
            raise Reject("forbidden", f"{p.role} does not sync")
        if not p.device_id:
            raise Reject("device_required", "sign in with a device id to sync")
        careful = False
        for attempt in range(4):
            try:
                results = self._push_tx(p, ops, now, careful)
                break
            except Redo:
                careful = True
            except sa.exc.OperationalError as exc:
                # two pushes locking the same rows in opposite orders: PostgreSQL
                # picks one to fail; nothing of it was kept, so run it again
                if attempt == 3 or getattr(exc.orig, "sqlstate", None) not in (
                        "40P01", "40001"):
                    raise
        return [{"op_id": o["op_id"], **(results.get(o["op_id"]) or {"status": "held"})}
                for o in ops]

    def _push_tx(self, p: Principal, ops: list[dict], now: float, careful: bool
                 ) -> dict[str, dict]:
        from server.sync.context import TX
        results: dict[str, dict] = {}
        ordered = sorted(ops, key=lambda o: o["device_seq"])
        with self.store.write() as conn:
            try:
                return self._push_in(conn, p, ordered, now, results, careful)
            finally:
                conn.info.pop(TX, None)

    def _push_in(self, conn, p: Principal, ordered: list[dict], now: float,
                 results: dict, careful: bool) -> dict:
        from server.sync.context import TX, Ctx, now_iso
        ao, ho = db.applied_ops, db.held_ops
        # the device row is the per-device lock: one push of a device at a time
        dev = conn.execute(sa.select(db.devices).where(db.devices.c.id == p.device_id)
                           .with_for_update()).mappings().first()
        if dev is None or dev["revoked"]:
            raise Reject("device_revoked", "this device is not registered")
        if dev["user_id"] != p.user_id:
            # a device is its registrant's (server/auth.py): nobody pushes through another's
            raise Reject("device_revoked", "this device is registered to someone else")
        for r in conn.execute(sa.select(ao).where(
                ao.c.op_id.in_([o["op_id"] for o in ordered]))).mappings():
            results[r["op_id"]] = self._stored(r, p)
        c = Ctx(conn, self.store, p, now, now_iso(now), deferred=True, careful=careful,
                units={}, rows=None if careful else {}, unflushed=None if careful else {})
        conn.info[TX] = c
        done: list[tuple[dict, dict]] = []
        last, waiting = self._apply_run(c, ordered, dev["last_seq"], results, done)
        had_held = conn.execute(sa.select(ho.c.op_id).where(ho.c.device_id == p.device_id)
                                .limit(1)).first() is not None
        senders: dict = {}
        while had_held:
            rows = [dict(r) for r in conn.execute(
                sa.select(ho).where(ho.c.device_id == p.device_id, ho.c.device_seq > last)
                .order_by(ho.c.device_seq).limit(500)).mappings()]
            if not rows or rows[0]["device_seq"] > last + 1:
                break
            run = [self._held_op(row) for row in rows]
            fresh = [o["op_id"] for o in run if o["op_id"] not in results]
            if fresh:   # held and applied already (sent again at another seq): slot only
                for r in conn.execute(sa.select(ao.c.op_id).where(ao.c.op_id.in_(fresh))):
                    results[r.op_id] = {"status": "rejected", "code": "op_id_reused",
                                        "message": "this op id was used before"}
            before = last
            last, _ = self._apply_run(c, run, last, results, done, senders=senders)
            if last == before:
                break
        if had_held:
            conn.execute(ho.delete().where(ho.c.device_id == p.device_id,
                                           ho.c.device_seq <= last))
        self._hold(c, [o for o in waiting if o["op_id"] not in results], results)
        conn.execute(db.devices.update().where(db.devices.c.id == p.device_id)
                     .values(last_seq=last, last_seen_at=c.at))
        recorded = [dict(op_id=op["op_id"], device_id=p.device_id, device_seq=op["device_seq"],
                         user_id=op.get("_user_id") or p.user_id, outcome=outcome, at=c.at)
                    for op, outcome in done]
        try:
            self.settle(c, recorded)   # takes the numbering lock: nothing slow after this
        except sa.exc.IntegrityError as exc:
            if careful:
                raise
            raise Redo() from exc      # a held-back row met a duplicate id
        return results

    # ------------------------------------------------------------ held ops
    @staticmethod
    def _held_op(row: dict) -> dict:
        op = dict(row["op"])
        op.update(op_id=row["op_id"], device_seq=row["device_seq"], _user_id=row["user_id"],
                  _family=row.get("family"))
        if row.get("verdict"):
            op["_verdict"] = dict(row["verdict"])
        return op

    def _hold(self, c, waiting: list[dict], results: dict) -> None:
        """Keep ops that wait for an earlier ``device_seq``. A malformed one, or one
        past the device's limit, is kept as a placeholder carrying its refusal."""
        if not waiting:
            return
        ho = db.held_ops
        conn, p = c.conn, c.p
        have = set()
        for op_id, device_id, user_id in conn.execute(sa.select(
                ho.c.op_id, ho.c.device_id, ho.c.user_id).where(
                ho.c.op_id.in_([o["op_id"] for o in waiting]))):
            if device_id == p.device_id:
                have.add(op_id)
            elif user_id == p.user_id:
                # held under this person's previous device: it waits for this one now
                conn.execute(ho.delete().where(ho.c.op_id == op_id))
            else:
                have.add(op_id)      # someone else's op id: never taken over
        counts = dict(conn.execute(
            sa.select(ho.c.verdict.is_(None), sa.func.count()).where(
                ho.c.device_id == p.device_id).group_by(ho.c.verdict.is_(None))).all())
        full, placeholders = counts.get(True, 0), counts.get(False, 0)
        family = authority.family_of(conn, p.token_hash)
        new = []
        for o in waiting:
            if o["op_id"] in have:
                continue
            problem = authority.intake_problem(o)
            if problem is None and full >= MAX_HELD:
                problem = Reject("too_many_held", "too many changes wait for an earlier one")
            if problem is not None:
                if placeholders >= MAX_PLACEHOLDERS:
                    results[o["op_id"]] = rejected(problem)   # not kept: answered only
                    continue
                placeholders += 1
                body = {"op_id": o["op_id"], "device_seq": o["device_seq"]}
                new.append(dict(op_id=o["op_id"], device_id=p.device_id,
                                device_seq=o["device_seq"], user_id=p.user_id, op=body,
                                at=c.at, family=family, verdict=rejected(problem)))
                continue
            full += 1
            op = {k: v for k, v in o.items() if not k.startswith("_")}
            new.append(dict(op_id=o["op_id"], device_id=p.device_id, device_seq=o["device_seq"],
                            user_id=p.user_id, op=op, at=c.at, family=family, verdict=None))
        if new:
            conn.execute(ho.insert(), new)

    def _sender(self, c, op: dict, senders: dict) -> Principal | None:
        key = (op["_user_id"], op.get("_family"))
        if key not in senders:
            senders[key] = authority.sender(
                c.conn, {"user_id": op["_user_id"], "family": op.get("_family")}, c.p.device_id)
        return senders[key]

    # ------------------------------------------------------------ applying
    def _apply_run(self, c, ops: list[dict], last: int, results: dict, done: list, *,
                   senders: dict | None = None) -> tuple[int, list[dict]]:
        """Apply ``ops`` while they are contiguous with ``last``; returns the new last
        device_seq and the ops after a gap.

        Carefully, each op runs in a savepoint so a rejected one leaves no trace. The
        fast path (tried first) skips the savepoints, which are most of a push's
        statements: almost every rejection is found before the op writes anything,
        and when one is not (or the database refuses a write) the whole push is
        redone carefully, with the same outcome."""
        if any(op.get("entity") in CASE_ENTITIES for op in ops):
            self.refresh_dictionaries(c.conn)
        self.read_ahead(c, ops)
        for i, op in enumerate(ops):
            if op["device_seq"] > last + 1:
                return last, ops[i:]
            if op["op_id"] not in results:
                outcome = self._judge(c, op, senders if senders is not None else {})
                results[op["op_id"]] = outcome
                done.append((op, outcome))
            # an op id already answered (stored, or twice in this request) still uses
            # up its slot: nothing after it may wait for it forever
            last = max(last, op["device_seq"])
        return last, []

    def _judge(self, c, op: dict, senders: dict) -> dict:
        if op.get("_verdict"):
            return dict(op["_verdict"])
        problem = authority.intake_problem(op)
        if problem is not None:
            return rejected(problem)
        pusher = c.p
        if "_user_id" in op:
            sender = self._sender(c, op, senders)
            if sender is None:
                return rejected(Reject("sender_gone", "the rights of whoever sent this change "
                                                      "have ended"))
            c.p = sender
        mark = len(c.pending)
        sp = c.conn.begin_nested() if c.careful else None
        try:
            outcome = self.apply_op(c, op)
            if sp is not None:
                sp.commit()
            return outcome
        except (Reject, sa.exc.IntegrityError, sa.exc.DataError) as exc:
            if sp is None:
                # every write goes with a change (Engine.record_change): none yet = no trace
                if not isinstance(exc, Reject) or len(c.pending) > mark:
                    raise Redo() from exc
            else:
                sp.rollback()
                del c.pending[mark:]
                c.units = {}                    # it may hold what was rolled back
            if isinstance(exc, Reject):
                return rejected(exc)
            if isinstance(exc, sa.exc.DataError):
                return rejected(Reject("bad_value", "a value cannot be stored"))
            return {"status": "rejected", "code": "integrity",
                    "message": str(exc.orig).splitlines()[0][:200]}
        finally:
            c.p = pusher

    @staticmethod
    def _stored(r, p: Principal) -> dict:
        """The stored outcome of an op sent again. Its sender's own other device counts
        as the sender (a desktop that was given a new device re-sends what was in
        flight under the old one); anyone else's op id is refused."""
        if r["user_id"] != p.user_id:
            return {"status": "rejected", "code": "op_id_reused",
                    "message": "this op id belongs to another device"}
        return dict(r["outcome"])
