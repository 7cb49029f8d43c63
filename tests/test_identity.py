"""One identity rule everywhere (issue 18, items 2 and 8): a 15-digit legacy resident ID
is the same person as its 18-digit form (the century 19 inserted after the area code,
the check character computed), in the domain rules, the resident form and the roster,
duplicate warnings, search and the importer; and zero-width or bidi characters pasted
inside an ID number are removed, with a note, before it is checked."""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.models.domain import rules
from app.models.io.commit import commit
from app.models.io.plan import Options, analyse
from app.models.io.readers import read_file
from app.models.roster import search
from app.models.roster.repository import ValidationError, load_rows
from app.models.roster.search import RosterQuery

TODAY = dt.date(2026, 11, 28)
ROOT = Path(__file__).resolve().parent.parent


def upgraded(area: str, yymmdd: str, seq: str) -> str:
    """The 18-digit form, computed here independently of the code under test."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    first17 = f"{area}19{yymmdd}{seq}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


# 胡大海 (issue 18): the 15-digit ID and its 18-digit form
HU_15 = "410105660202031"
HU_18 = upgraded("410105", "660202", "031")
# 李霞: a woman born 1972
LI_15 = "410105720315022"
LI_18 = upgraded("410105", "720315", "022")
# a man with an X check character in his 18-digit form: the X must match either way
X_15, X_18 = next((f"410105550101{s:03d}", upgraded("410105", "550101", f"{s:03d}"))
                  for s in range(1, 999, 2)
                  if upgraded("410105", "550101", f"{s:03d}").endswith("X"))
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
             "\u202d", "\u202e", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff"]


# ------------------------------------------------------------------ domain

@pytest.mark.parametrize("typed, canonical", [
    (HU_15, HU_18), (HU_18, HU_18), (LI_15, LI_18), (X_15, X_18), (X_18.lower(), X_18),
    (" 4101 0566 0202 031 ", HU_18), ("４１０１０５６６０２０２０３１", HU_18),
    (HU_15[:6] + "\u200b" + HU_15[6:], HU_18), ("\u202d" + HU_18 + "\u202c", HU_18),
])
def test_canonical_form_of_either_form_is_the_18_digit_one(typed, canonical):
    assert rules.canonical_id_number(typed) == canonical


@pytest.mark.parametrize("bad", [
    "", None, "41010566020203", "41010566023003X", "410105661302031",   # month 13
    HU_18[:-1] + ("0" if HU_18[-1] != "0" else "1"),                     # check char
    "12345678901234567890", "passport-E123",
])
def test_malformed_numbers_have_no_canonical_form(bad):
    assert rules.canonical_id_number(bad) is None


def test_both_forms_name_one_person():
    assert HU_18 == "410105196602020318"      # the number in the issue's report
    assert rules.id_number_forms(HU_15) == rules.id_number_forms(HU_18) == (HU_18, HU_15)
    assert rules.legacy_id_form(HU_18) == HU_15
    # born in the 2000s: no 15-digit form exists
    young = "110105200501010019"
    young = young[:17] + rules.id_check_char(young[:17])
    assert rules.id_number_forms(young) == (young,)


def test_a_legacy_id_is_checked_as_its_18_digit_form():
    info, issues = rules.check_id_number(HU_15, TODAY)
    assert info is not None and info.legacy
    assert (info.number, info.gender, info.birth_date) == (HU_18, "M", dt.date(1966, 2, 2))
    assert [(i.code, i.severity) for i in issues] == [("id.legacy", "warning")]
    clean, issues = rules.validate_resident(
        {"name": "胡大海", "id_number": HU_15, "residence_type": "registered"}, TODAY)
    assert clean["id_number"] == HU_18 and not rules.errors(issues)


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_inside_an_id_are_removed_with_a_note(char):
    typed = HU_18[:4] + char + HU_18[4:10] + char + HU_18[10:]
    info, issues = rules.check_id_number(typed, TODAY)
    assert info is not None and info.number == HU_18
    assert [(i.code, i.severity) for i in issues] == [("id.invisible_removed", "warning")]
    clean, issues = rules.validate_resident(
        {"name": "胡大海", "id_number": typed, "residence_type": "registered"}, TODAY)
    assert clean["id_number"] == HU_18 and not rules.errors(issues)
    assert "id.invisible_removed" in [i.code for i in issues]


def test_bidi_wrapped_legacy_id_gets_both_notes():
    info, issues = rules.check_id_number("\u202d" + HU_15 + "\u202c", TODAY)
    assert info.number == HU_18
    assert {i.code for i in issues} == {"id.invisible_removed", "id.legacy"}
    assert not rules.errors(issues)


def test_only_the_id_number_loses_its_invisible_characters():
    """A name is stored as typed (a joiner may belong in it); the ID number is cleaned."""
    clean, _ = rules.validate_resident(
        {"name": "阿依\u200d古丽", "id_number": "\ufeff" + HU_18,
         "residence_type": "registered"}, TODAY)
    assert (clean["name"], clean["id_number"]) == ("阿依\u200d古丽", HU_18)


def test_the_note_is_worded_in_english_and_chinese():
    from app.ui.common.messages import message
    issue = rules.Issue("id_number", "id.invisible_removed", severity="warning")
    assert message(issue) != issue.code
    tree = ET.parse(ROOT / "resources" / "i18n" / "griddesk_zh_CN.ts")
    found = [m.find("translation") for m in tree.getroot().iter("message")
             if "Invisible characters" in (m.findtext("source") or "")]
    assert len(found) == 1
    assert found[0].get("type") is None and "不可见" in (found[0].text or "")


# ------------------------------------------------------------------ desktop roster

def person(name, id_number, **extra):
    return {"name": name, "id_number": id_number, "residence_type": "registered", **extra}


def legacy_row(street, name, id_number, rid_hint="legacy"):
    """A resident stored with a 15-digit ID before this rule (as a sync page or the
    demo street loads it: server state, no op)."""
    return {"id": f"00000000-0000-4000-8000-{abs(hash(rid_hint)) % 10**12:012d}",
            "grid_id": street["grid1"]["id"], "name": name, "id_type": "resident_id",
            "id_number": id_number, "residence_type": "registered", "status": "living",
            "path": street["grid1"]["code"], "in_service_party_member": 0}


@pytest.fixture
def legacy_li(store, street):
    """李霞, stored on this desktop with her 15-digit ID (data from before the rule)."""
    with store.transaction():
        load_rows(store, "residents", [legacy_row(street, "李霞", LI_15)])
        search.reindex_all(store.conn)
    return store.conn.execute("SELECT id FROM residents WHERE name = '李霞'").fetchone()[0]


def audit_detail(store, entity_id, action):
    row = store.conn.execute("SELECT detail FROM audit_log WHERE entity_id = ? AND action = ? "
                             "ORDER BY seq DESC LIMIT 1", (entity_id, action)).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def test_a_legacy_id_is_stored_upgraded_with_the_original_in_its_history(roster, street, store):
    row = roster.create_resident(person("胡大海", HU_15), grid_id=street["grid1"]["id"])
    assert (row["id_number"], row["gender"], row["birth_date"]) == (HU_18, "M", "1966-02-02")
    op = json.loads(store.conn.execute("SELECT changed FROM outbox WHERE entity_id = ?",
                                       (row["id"],)).fetchone()[0])
    assert op["id_number"] == HU_18           # the server gets the 18-digit form
    history = audit_detail(store, row["id"], "create")
    # masked like every number in the log; the full original is the stored number
    # without its century and check character
    assert history["legacy_id_number"] == rules.mask_id(HU_15)
    assert rules.legacy_id_form(row["id_number"]) == HU_15


def test_a_new_residents_legacy_id_is_a_duplicate_of_the_18_digit_person(roster, street):
    hu = roster.create_resident(person("胡大海", HU_18), grid_id=street["grid1"]["id"])
    # the form's warning before saving
    _clean, issues = roster.validate_resident(person("胡大海", HU_15))
    assert [(i.code, dict(i.params)) for i in issues if i.is_error] == [
        ("id.duplicate", {"other": "胡大海"})]
    with pytest.raises(ValidationError) as exc:
        roster.create_resident(person("胡大海二", HU_15), grid_id=street["grid2"]["id"])
    assert [i.code for i in exc.value.issues] == ["id.duplicate"]
    with pytest.raises(ValidationError):       # pasted with a zero-width space
        roster.create_resident(person("胡大海三", HU_18[:6] + "\u200b" + HU_18[6:]),
                               grid_id=street["grid2"]["id"])
    assert roster.find_by_id_number(HU_15)["id"] == hu["id"]
    # editing the person himself with his old number is no duplicate of himself
    roster.update_resident(hu["id"], {"id_number": HU_15, "occupation": "退休"})
    assert roster.resident(hu["id"])["id_number"] == HU_18


def test_an_18_digit_id_is_a_duplicate_of_a_stored_legacy_row(roster, street, legacy_li):
    _clean, issues = roster.validate_resident(person("李霞", LI_18))
    assert [i.code for i in issues if i.is_error] == ["id.duplicate"]
    with pytest.raises(ValidationError):
        roster.create_resident(person("李霞", LI_18), grid_id=street["grid2"]["id"])
    assert roster.find_by_id_number(LI_18)["id"] == legacy_li


def test_editing_a_stored_legacy_row_upgrades_it_and_keeps_the_original(roster, store,
                                                                         legacy_li):
    roster.update_resident(legacy_li, {"phone": "13800138010"})
    assert roster.resident(legacy_li)["id_number"] == LI_18
    op = json.loads(store.conn.execute(
        "SELECT changed FROM outbox WHERE entity_id = ? ORDER BY rowid DESC", (legacy_li,)
    ).fetchone()[0])
    assert op["id_number"] == LI_18
    assert audit_detail(store, legacy_li, "update")["legacy_id_number"] == rules.mask_id(LI_15)


def test_form_shows_the_invisible_characters_note(qtbot, roster, street):
    from app.ui.roster.resident_dialog import ResidentDialog
    dlg = ResidentDialog(roster, grid_choices=roster.grids())
    qtbot.addWidget(dlg)
    dlg.show()
    form = dlg.form
    form.name.setText("胡大海")
    form.id_number.setText("\u202d" + HU_15[:6] + "\u200b" + HU_15[6:] + "\u202c")
    form.id_number.editingFinished.emit()
    shown = form.fields["id_number"].message
    assert shown.isVisible()
    from app.ui.common.messages import message
    note = message(rules.Issue("id_number", "id.invisible_removed", severity="warning"))
    assert note in shown.text()
    assert form.id_number.text() == HU_18        # what will be stored, visibly
    dlg.grab().save("/tmp/identity_form.png")


# ------------------------------------------------------------------ search

def find(conn, text):
    rids, _ = search.query_page(conn, RosterQuery(text=text, today=TODAY.isoformat()), None, 100)
    return {conn.execute("SELECT name FROM residents WHERE rid = ?", (r,)).fetchone()[0]
            for r in rids}


@pytest.mark.parametrize("typed", [HU_15, HU_18[:6] + "\u200b" + HU_18[6:],
                                   "\u202d" + HU_15 + "\u202c"])
def test_either_form_finds_a_person_stored_with_18_digits(roster, street, store, typed):
    roster.create_resident(person("胡大海", HU_18), grid_id=street["grid1"]["id"])
    roster.create_resident(person("李霞", LI_18), grid_id=street["grid1"]["id"])
    assert find(store.conn, typed) == {"胡大海"}


@pytest.mark.parametrize("typed", [LI_18, LI_18.lower()])
def test_either_form_finds_a_person_stored_with_15_digits(store, legacy_li, typed):
    assert find(store.conn, typed) == {"李霞"}


def test_x_check_character_either_form(roster, street, store):
    assert X_18.endswith("X") and len(X_15) == 15
    roster.create_resident(person("王五", X_15), grid_id=street["grid1"]["id"])
    assert find(store.conn, X_18.lower()) == {"王五"} == find(store.conn, X_15)


# ------------------------------------------------------------------ importer

HEAD = ["姓名", "身份证号", "性别", "人员类别"]


def write_csv(path, rows):
    import csv
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *rows])
    return str(path)


def do_import(store, actor, path, grid, policy, decisions=None):
    options = Options(grid["id"], policy, None, True)
    analysis = analyse(store.conn, read_file(str(path)), options, actor, today=TODAY)
    plan = analysis.plan(decisions=decisions)
    if not plan.ready:      # 'ask': the clerk answers every question with the policy's
        plan = analysis.plan(decisions={r.number: "update" for r in plan.ask})
    return plan, commit(store, actor, plan)


def names(store, name):
    return [r[0] for r in store.conn.execute(
        "SELECT id_number FROM residents WHERE name = ? AND deleted_at IS NULL", (name,))]


@pytest.mark.parametrize("policy", ["update", "skip", "ask"])
def test_one_file_with_both_forms_makes_one_person(store, actor, street, tmp_path, policy):
    path = write_csv(tmp_path / "hu.csv", [["胡大海", HU_15, "男", "户籍"],
                                          ["胡大海", HU_18, "男", "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"], policy)
    assert names(store, "胡大海") == [HU_18]
    assert result.created == 1
    assert [(r.number, [i.code for i in r.errors]) for r in plan.errors] == [
        (3, ["id.duplicate_in_file"])]


@pytest.mark.parametrize("policy", ["update", "skip", "ask"])
def test_a_file_rows_legacy_id_matches_the_rosters_person(roster, store, actor, street,
                                                        tmp_path, policy):
    li = roster.create_resident(person("李霞", LI_18), grid_id=street["grid1"]["id"])
    path = write_csv(tmp_path / "li.csv", [["李霞", LI_15, "女", "流动"]])
    plan, result = do_import(store, actor, path, street["grid1"], policy)
    assert names(store, "李霞") == [LI_18]
    assert result.created == 0
    matched = plan.update + plan.unchanged + plan.skip
    assert [r.existing["id"] for r in matched] == [li["id"]]


@pytest.mark.parametrize("policy", ["update", "skip", "ask"])
def test_a_file_rows_18_digit_id_matches_a_stored_legacy_row(store, actor, street, tmp_path,
                                                             legacy_li, policy):
    path = write_csv(tmp_path / "li.csv", [["李霞", LI_18, "女", "流动"]])
    plan, result = do_import(store, actor, path, street["grid1"], policy)
    assert result.created == 0
    assert len(names(store, "李霞")) == 1
    if policy != "skip":         # updated: stored in the 18-digit form now, history kept
        assert names(store, "李霞") == [LI_18]
        assert audit_detail(store, legacy_li, "update")["legacy_id_number"] == \
            rules.mask_id(LI_15)


def test_imported_legacy_id_is_stored_upgraded_with_history(store, actor, street, tmp_path):
    path = write_csv(tmp_path / "hu.csv", [["胡大海", HU_15, "男", "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"], "update")
    assert names(store, "胡大海") == [HU_18]
    rid = result.resident_ids[0]
    assert audit_detail(store, rid, "create")["legacy_id_number"] == rules.mask_id(HU_15)
    assert [i.code for i in plan.create[0].issues] == ["id.legacy"]


def test_imported_id_with_invisible_characters_is_noted_and_cleaned(store, actor, street,
                                                                    tmp_path):
    pasted = "\u202d" + HU_18[:6] + "\u200b" + HU_18[6:] + "\u202c"
    path = write_csv(tmp_path / "hu.csv", [["胡大海", pasted, "男", "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"], "update")
    assert result.created == 1 and not plan.errors
    assert names(store, "胡大海") == [HU_18]
    assert "id.invisible_removed" in [i.code for i in plan.create[0].warnings]
    from app.ui.io.wording import import_message
    note = import_message(plan.create[0].warnings[0])
    assert note != "id.invisible_removed"
