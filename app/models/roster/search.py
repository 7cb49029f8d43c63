"""Roster search, done in SQLite.

One FTS5 table indexes each live resident by rowid = ``residents.rid``:
  name  every character a token, so a phrase query finds any substring
        (张三丰 ← 三丰) at any length, rare characters (𠮷) included;
  py    pinyin keys (zsf, zhangsanfeng, sf, sanfeng), matched by prefix;
  addr  the address, every character a token but digit runs whole (3号楼2单元, 501);
  tail  reversed ID number and phone, so a typed tail is a prefix query.
Results come back in rowid order, so a page is a keyset range and never a
sort over all matches.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Iterable, Sequence

from app.models.domain import rules
from app.models.roster.pinyin import name_keys
from app.models.store import clock

PAGE = 500

CREATE_FTS = (
    "CREATE VIRTUAL TABLE resident_search USING fts5("
    "name, py, addr, tail, tokenize='unicode61 remove_diacritics 0', "
    "content='', contentless_delete=1, prefix='1 2 3')"
)

# Latin words and digit runs (room 501, building 12) stay whole tokens; every
# other character is a token of its own. A digit run typed so far is matched
# as a token prefix, which keeps "50" → 501 fast (no phrase over common digits).
_TOKEN_RE = re.compile(r"[A-Za-z]+|[0-9]+|[^\s]")


def create_index(conn) -> None:
    conn.execute(CREATE_FTS)
    # Live rows in address order: the roster's natural order and the grid/building filter.
    conn.execute("CREATE INDEX residents_live_path ON residents(path, rid) WHERE deleted_at IS NULL")


def spaced(text: str | None) -> str:
    """Every character its own token; runs of Latin letters stay one word."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(_TOKEN_RE.findall(text))


def index_values(name: str, id_number: str | None, phone: str | None,
                 address: str | None) -> tuple[str, str, str, str]:
    tails = [v[::-1].lower() for v in (id_number, phone) if v]
    tails = [re.sub(r"[^0-9a-z]", "", t) for t in tails]
    return (spaced(name), " ".join(name_keys(name or "")),
            spaced((address or "").replace(" ", "")), " ".join(t for t in tails if t))


def index_resident(conn, rid: int, name: str, id_number: str | None, phone: str | None,
                   address: str | None) -> None:
    conn.execute("DELETE FROM resident_search WHERE rowid = ?", (rid,))
    conn.execute(
        "INSERT INTO resident_search(rowid, name, py, addr, tail) VALUES (?, ?, ?, ?, ?)",
        (rid, *index_values(name, id_number, phone, address)),
    )


def unindex_resident(conn, rid: int) -> None:
    conn.execute("DELETE FROM resident_search WHERE rowid = ?", (rid,))


ADDRESS_OF_RESIDENT = """
    SELECT r.rid, r.name, r.id_number, r.phone, a.full_name
    FROM residents r
    LEFT JOIN households h ON h.id = r.household_id
    LEFT JOIN addresses a ON a.id = h.room_id
"""


def reindex_where(conn, where: str = "", params: Sequence = ()) -> int:
    sql = ADDRESS_OF_RESIDENT + " WHERE r.deleted_at IS NULL " + (f"AND {where}" if where else "")
    rows = conn.execute(sql, params).fetchall()
    for rid, name, idn, phone, addr in rows:
        index_resident(conn, rid, name, idn, phone, addr)
    return len(rows)


def reindex_all(conn, progress=None, chunk: int = 20000) -> int:
    """Rebuild the index in rid chunks: memory stays flat at a million residents."""
    conn.execute("DELETE FROM resident_search")
    total = conn.execute("SELECT count(*) FROM residents WHERE deleted_at IS NULL").fetchone()[0]
    done, last = 0, -1
    while True:
        rows = conn.execute(ADDRESS_OF_RESIDENT + " WHERE r.deleted_at IS NULL AND r.rid > ? "
                            "ORDER BY r.rid LIMIT ?", (last, chunk)).fetchall()
        if not rows:
            break
        conn.executemany(
            "INSERT INTO resident_search(rowid, name, py, addr, tail) VALUES (?, ?, ?, ?, ?)",
            ((rid, *index_values(name, idn, phone, addr)) for rid, name, idn, phone, addr in rows))
        done += len(rows)
        last = rows[-1][0]
        if progress:
            progress(done, total)
    return done


# -- queries ----------------------------------------------------------------

def phrase(text: str) -> str | None:
    """An FTS5 phrase of the typed text's tokens; a trailing Latin word or digit run
    is matched as a prefix (typing goes on)."""
    tokens = _TOKEN_RE.findall(text)
    if not tokens:
        return None
    quoted = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
    return quoted + " *" if tokens[-1].isascii() and tokens[-1].isalnum() else quoted


def build_match(text: str) -> str | None:
    """Turn what was typed into an FTS5 expression; terms split by spaces are ANDed.
    NUL, control characters and lone surrogates never reach SQLite (they made FTS5
    fail with "unterminated string" and the binding with UnicodeEncodeError)."""
    text = rules.clean_query_text(text).lower()
    terms = [re.sub(r'["*^:()\-+]', "", t) for t in text.split()]
    terms = [t for t in terms if t]
    if len(terms) > 1 and all(re.fullmatch(r"[a-z]+", t) for t in terms):
        terms = ["".join(terms)]  # "zhang san feng" is one name typed with spaces
    parts = []
    for term in terms:
        if re.fullmatch(r"[a-z]+", term):
            alts = [f'py : "{term}" *', f'name : "{term}" *', f"addr : {phrase(term)}"]
            if len(term) >= 3 and set(term) == {"x"}:
                alts.append(f'tail : "{term}" *')
        elif re.fullmatch(r"[0-9a-z]+", rules.INVISIBLE_RE.sub("", term)):
            # digits, maybe with letters: an ID/phone/passport tail, or a room number
            term = rules.INVISIBLE_RE.sub("", term)     # pasted with an ID number
            alts = [f"addr : {phrase(term)}"]
            if len(term) >= 3:
                alts.append(f'tail : "{term[::-1]}" *')
            # a whole resident ID finds the person under either of its forms (15 or
            # 18 digits: one person), whichever one the row holds
            alts += [f'tail : "{form.lower()[::-1]}" *'
                     for form in rules.id_number_forms(term) if form.lower() != term]
        else:
            quoted = phrase(term)
            if quoted is None:
                continue
            alts = [f"name : {quoted}", f"addr : {quoted}"]
        parts.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(parts) if parts else None


def describe_text(text: str) -> dict | None:
    """What an audit record may keep of a search (an export records the list it was
    made from): the kind of search, its length and a masked form — never the text as
    typed, which may be a full ID number, a phone or a name. Kinds per term, as
    ``build_match`` reads them: ``number`` (an ID/phone tail, a room), ``pinyin``,
    ``text`` (a name or an address part), joined with ``+``. The masked form keeps
    the first character of each word and at most the last four digits of it all,
    after every full ID number and phone (also with spaces or dashes) is masked."""
    text = rules.clean_query_text(text)
    if not text:
        return None
    terms = rules.redact_numbers(text).split()
    kinds = set()
    for term in terms:
        if re.fullmatch(r"[A-Za-z]+", term):
            kinds.add("pinyin")
        elif re.fullmatch(r"[0-9Xx*\-]+", term):
            kinds.add("number")
        else:
            kinds.add("text" if not any(ch.isdigit() for ch in term) else "text+number")
    words = []
    for term in terms:
        shown, out = False, []
        for ch in term:
            if ch.isdigit() or ch == "*" or not shown:
                shown = shown or not (ch.isdigit() or ch == "*")
                out.append(ch)
            else:
                out.append("*")
        words.append("".join(out))
    chars = list(" ".join(words))
    digits = [i for i, ch in enumerate(chars) if ch.isdigit()]
    for i in digits[:-4]:
        chars[i] = "*"
    return {"kind": "+".join(sorted({k for kind in kinds for k in kind.split("+")})),
            "length": len(text), "masked": "".join(chars)}


@dataclasses.dataclass(frozen=True)
class RosterQuery:
    text: str = ""
    path_prefix: str | None = None     # an org or address code: everything under it
    tag: str | None = None
    residence_type: str | None = None
    status: str | None = None
    today: str = dataclasses.field(default_factory=lambda: clock.today().isoformat())


def path_range(prefix: str) -> tuple[str, str]:
    """Codes nest by prefix; everything under ``prefix`` sorts in [prefix, upper)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _filters(q: RosterQuery, alias: str = "r") -> tuple[list[str], list]:
    where, params = [f"{alias}.deleted_at IS NULL"], []
    if q.path_prefix:
        lo, hi = path_range(q.path_prefix)
        where.append(f"{alias}.path >= ? AND {alias}.path < ?")
        params += [lo, hi]
    if q.residence_type:
        where.append(f"{alias}.residence_type = ?")
        params.append(q.residence_type)
    if q.status:
        where.append(f"{alias}.status = ?")
        params.append(q.status)
    if q.tag:
        where.append(
            f"EXISTS (SELECT 1 FROM resident_tags t WHERE t.tag = ? AND t.resident_id = {alias}.id "
            "AND t.deleted_at IS NULL AND (t.until IS NULL OR t.until >= ?))")
        params += [q.tag, q.today]
    return where, params


def query_page(conn, q: RosterQuery, cursor: tuple | None, limit: int = PAGE
               ) -> tuple[list[int], tuple | None]:
    """One page of matching rids after ``cursor``; returns (rids, next cursor or None)."""
    match = build_match(q.text)
    where, params = _filters(q)
    if match:
        sql = ("SELECT s.rowid FROM resident_search s CROSS JOIN residents r ON r.rid = s.rowid "
               "WHERE resident_search MATCH ? AND " + " AND ".join(where))
        params = [match] + params
        if cursor:
            sql += " AND s.rowid > ?"
            params.append(cursor[0])
        sql += " ORDER BY s.rowid LIMIT ?"
        rows = conn.execute(sql, params + [limit]).fetchall()
        rids = [r[0] for r in rows]
        nxt = (rids[-1],) if len(rids) == limit else None
        return rids, nxt
    sql = ("SELECT r.rid, r.path FROM residents r INDEXED BY residents_live_path WHERE "
           + " AND ".join(where))
    if cursor:
        sql += " AND (r.path, r.rid) > (?, ?)"
        params += [cursor[1], cursor[0]]
    sql += " ORDER BY r.path, r.rid LIMIT ?"
    rows = conn.execute(sql, params + [limit]).fetchall()
    rids = [r[0] for r in rows]
    nxt = (rows[-1][0], rows[-1][1]) if len(rows) == limit else None
    return rids, nxt


def count(conn, q: RosterQuery) -> int:
    match = build_match(q.text)
    where, params = _filters(q)
    if match:
        sql = ("SELECT count(*) FROM resident_search s CROSS JOIN residents r ON r.rid = s.rowid "
               "WHERE resident_search MATCH ? AND " + " AND ".join(where))
        return conn.execute(sql, [match] + params).fetchone()[0]
    sql = "SELECT count(*) FROM residents r INDEXED BY residents_live_path WHERE " + " AND ".join(where)
    return conn.execute(sql, params).fetchone()[0]


ROW_COLUMNS = ("rid", "id", "name", "gender", "birth_date", "id_number", "phone",
               "residence_type", "status", "address", "household_id", "relation", "tags")


def fetch_rows(conn, rids: Iterable[int], *, include_key_tags: bool = True,
               today: str | None = None) -> dict[int, dict]:
    """Display rows for the given rids (one page at a time)."""
    rids = list(rids)
    if not rids:
        return {}
    today = today or clock.today().isoformat()
    marks = ",".join("?" * len(rids))
    from app.models.domain.choices import TAG_TYPES
    rows = conn.execute(
        f"""SELECT r.rid, r.id, r.name, r.gender, r.birth_date, r.id_number, r.phone,
                   r.residence_type, r.status, a.full_name, r.household_id, r.relation,
                   (SELECT group_concat(t.tag, ',') FROM resident_tags t
                     WHERE t.resident_id = r.id AND t.deleted_at IS NULL
                       AND (t.until IS NULL OR t.until >= ?))
            FROM residents r
            LEFT JOIN households h ON h.id = r.household_id
            LEFT JOIN addresses a ON a.id = h.room_id
            WHERE r.rid IN ({marks})""",
        [today, *rids],
    ).fetchall()
    out = {}
    for row in rows:
        rec = dict(zip(ROW_COLUMNS, row))
        tags = [t for t in (rec["tags"] or "").split(",") if t]
        if not include_key_tags:
            tags = [t for t in tags if TAG_TYPES.get(t) and TAG_TYPES[t].group != "key"]
        rec["tags"] = tags
        out[rec["rid"]] = rec
    return out
