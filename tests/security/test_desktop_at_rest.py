"""Issue 13, the desktop at rest and on screen (findings 9, 13, 14, 15): what a person
with the PC's data folder, a shared OS login, or the app's own screens and logs
could learn or undo. Real SQLCipher stores, real Qt widgets offscreen, a real city
server process (SQLite and PostgreSQL) where one is involved.

- photos and thumbnails are sealed in the data folder, shown and uploaded from
  memory, and the upgrade seals what an older GridDesk left in plain;
- the conflict inbox masks ID numbers and phones; 显示 asks why and is audited;
- IT can switch the OS keystore copy of the keys off, and old copies go;
- the local lock survives editing accounts.json;
- the log scrubber, the export's audit record, coordinates, and the search boxes.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import logging
import math
import shutil

import pytest
from PIL import Image, UnidentifiedImageError

from app import config
from app.logs import scrub
from app.models.io import exporter
from app.models.reports import geo
from app.models.roster import search
from app.models.domain import rules
from app.models.write import audit
from app.models.store.accounts import AccountError, Accounts, OsKeystore
from app.models.cases.repository import CaseQuery, Cases
from app.models.store.keys import StaticKeyProvider
from app.models.write.unit import Actor
from app.models.roster.repository import Roster, ValidationError
from app.models.store.database import Store, StoreError, open_store

TODAY = dt.date(2026, 11, 28)
PW = "open sesame 2026"
ME = {"user_id": "u-worker1", "username": "worker1", "display_name": "网格员1",
      "role": "grid_worker", "scope_code": "410105003001001"}
ID_A = "410105194912310020"
PHONE_A = "13800138000"


def jpeg(size=(640, 480), colour=(200, 60, 40)) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", size, colour)
    for x in range(0, size[0], 7):          # some detail, so the JPEG is not trivial
        img.putpixel((x, x % size[1]), (x % 256, 30, 90))
    img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


def is_image(path) -> bool:
    try:
        with Image.open(path) as img:
            img.load()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def every_file(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


class Clock:
    def __init__(self):
        self.t = 1_790_000_000.0

    def __call__(self):
        return self.t


def no_keystore() -> OsKeystore:
    ks = OsKeystore.__new__(OsKeystore)
    ks.available = False
    return ks


@pytest.fixture(autouse=True)
def _no_it_config(tmp_path, monkeypatch):
    # no system config file unless a test writes one (the machine's own is not read)
    monkeypatch.setenv("GRIDDESK_CONFIG", str(tmp_path / "no-it-config.toml"))


@pytest.fixture
def street(tmp_path):
    """A signed-in person's own store (enrolled the way the sign-in does) with a grid."""
    accounts = Accounts(tmp_path / "pc", keystore=no_keystore(), clock=Clock())
    key = accounts.enrol("worker1", PW, ME, "https://city.example")
    account = accounts.get("worker1")
    store = open_store(accounts.store_dir(account), StaticKeyProvider(key))
    actor = Actor("u-worker1", "网格员1", "community_supervisor")
    roster = Roster(store, actor, today=TODAY)
    city = roster.create_org_unit("4101", "郑州市", "city")
    dist = roster.create_org_unit("410105", "金水区", "district", city["id"])
    st = roster.create_org_unit("410105003", "花园路街道", "street", dist["id"])
    com = roster.create_org_unit("410105003001", "经三路社区", "community", st["id"])
    grid = roster.create_org_unit("410105003001001", "第一网格", "grid", com["id"])
    estate = roster.create_address("estate", "001", "幸福小区", grid_id=grid["id"])
    hh = roster.create_household("H0001", grid_id=grid["id"])
    yield dict(accounts=accounts, store=store, actor=actor, roster=roster, grid=grid,
               estate=estate, household=hh, pc=tmp_path / "pc")
    store.close()


# ============================================================ 9. photos at rest

def test_photos_in_the_data_folder_are_sealed_and_shown_from_memory(qtbot, street, tmp_path):
    from PySide6.QtWidgets import QLabel

    from app.ui.shell.app import create_application
    from app.ui.cases.case_detail import CaseDetailDialog
    from app.ui.cases.quick_report import QuickReportDialog

    create_application("zh_CN")
    store, pc = street["store"], street["pc"]
    cases = Cases(store, street["actor"])
    roster = street["roster"]
    # a photo through 随手拍 (the quick report's drop list), one with a case step
    src = tmp_path / "井盖.jpg"
    src.write_bytes(jpeg())
    quick = QuickReportDialog(cases, roster, grid_choices=[street["grid"]])
    qtbot.addWidget(quick)
    quick.add_photos([src])
    assert not quick.photo_list.item(0).icon().isNull(), "the thumbnail shows in the list"
    case = cases.create(title="井盖缺失", category="exposed_garbage",
                        grid_id=street["grid"]["id"], photos=quick.photos)
    later = cases.act(case["id"], "photo", photos=[jpeg(colour=(20, 160, 40))])
    shas = [sha for e in cases.events(case["id"]) for sha in e["photos"]]
    assert len(shas) == 2 and later
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # the data folder: no file is an image (JPEG files carry a JFIF header)
    files = every_file(pc)
    assert any(p.parent.parent.name == "blobs" for p in files)
    assert [p for p in files if is_image(p)] == []
    everything = b"".join(p.read_bytes() for p in files)
    assert b"JFIF" not in everything
    # and none holds a photo's or a thumbnail's bytes
    plain = {sha: (cases.photo_bytes(sha), cases.photo_bytes(sha, thumb=True))
             for sha in shas}
    for full, thumb in plain.values():
        assert full[:3] == b"\xff\xd8\xff" and b"JFIF" in full[:32]
        assert full[200:264] not in everything and thumb[200:264] not in everything

    # the app still shows them: decrypted in memory for the case detail's timeline
    dlg = CaseDetailDialog(cases, roster, case["id"])
    qtbot.addWidget(dlg)
    for sha in shas:
        pics = [lab for lab in dlg.findChildren(QLabel) if lab.toolTip() == sha[:12]]
        assert pics and not pics[0].pixmap().isNull()
        full, thumb = plain[sha]
        with Image.open(io.BytesIO(full)) as img:
            assert img.format == "JPEG"
        with Image.open(io.BytesIO(thumb)) as img:
            assert max(img.size) == 256

    # a copied folder without the password shows nothing: no image, no database
    copy = tmp_path / "usb-stick"
    shutil.copytree(pc, copy)
    assert [p for p in every_file(copy) if is_image(p)] == []
    db = next(copy.rglob("griddesk.db"))
    with pytest.raises(StoreError):
        open_store(db.parent, StaticKeyProvider(b"\x07" * 32), create=False)


def test_a_sealed_file_renamed_or_swapped_does_not_open(street):
    cases = Cases(street["store"], street["actor"])
    a, b = cases.add_photo(jpeg()), cases.add_photo(jpeg(colour=(1, 2, 3)))
    cases.photo_path(b).write_bytes(cases.photo_path(a).read_bytes())   # a swapped in
    assert cases.photo_bytes(b) is None and cases.photo_bytes(a) is not None
    cases.photo_path(a, thumb=True).write_bytes(cases.photo_path(a).read_bytes())
    assert cases.photo_bytes(a, thumb=True) is None   # the full photo is not its thumbnail


def test_the_upgrade_seals_photos_an_older_griddesk_left_in_plain(tmp_path):
    """A data folder from schema v7: plaintext photo files, a leftover temporary file.
    Opening it with this GridDesk (schema v8) seals them in place; they still show."""
    from app.models.store import migrations

    key = b"\x42" * 32
    folder = tmp_path / "old"
    folder.mkdir()
    old = Store(folder / "griddesk.db", StaticKeyProvider(key), migrate=False)
    migrations.migrate(old, target=7)
    photo = jpeg()
    thumb = jpeg((256, 192))
    import hashlib
    sha = hashlib.sha256(photo).hexdigest()
    blobs = folder / "blobs" / sha[:2]
    blobs.mkdir(parents=True)
    (blobs / f"{sha}.jpg").write_bytes(photo)                 # as v7 wrote them
    (blobs / f"{sha}.thumb.jpg").write_bytes(thumb)
    (blobs / f"{sha}.jpg.999.tmp").write_bytes(photo[:5000])  # a crash mid-write
    with old.transaction() as conn:
        conn.execute("INSERT INTO blobs(sha256, size, mime, width, height, path, thumb_path, "
                     "state, upload_offset, created_at) VALUES (?, ?, 'image/jpeg', 640, "
                     "480, ?, ?, 'local', 0, '2026-11-01')",
                     (sha, len(photo), f"blobs/{sha[:2]}/{sha}.jpg",
                      f"blobs/{sha[:2]}/{sha}.thumb.jpg"))
    old.close()
    assert is_image(blobs / f"{sha}.jpg")

    store = open_store(folder, StaticKeyProvider(key))
    try:
        assert store.schema_version >= 8
        assert [p for p in every_file(folder) if is_image(p)] == []
        assert not list(folder.rglob("*.tmp"))
        cases = Cases(store, Actor("u", "n", "grid_worker"))
        assert cases.photo_bytes(sha) == photo and cases.photo_bytes(sha, thumb=True) == thumb
    finally:
        store.close()
    # the key comes from the database key: a backup of the old database, migrated
    # again, still opens the sealed files
    again = open_store(folder, StaticKeyProvider(key))
    try:
        assert Cases(again, Actor("u", "n", "grid_worker")).photo_bytes(sha) == photo
    finally:
        again.close()


def test_the_upload_sends_the_plaintext_and_a_download_is_sealed(any_city, any_org, desk):
    """The server names and checks a blob by the sha256 of its plaintext: the desktop
    uploads the decrypted bytes; the other desktop's download lands sealed."""
    import hashlib

    from app.sync import photos

    w1 = desk(any_city.url, any_org.user("w1"))
    sup = desk(any_city.url, any_org.user("sup"))
    case = w1.cases().create(title="暴露垃圾", category="exposed_garbage",
                             grid_id=any_org.ids["g1"], photos=[jpeg()])
    (sha,) = json.loads(w1.one("SELECT photos FROM case_events WHERE case_id = ?",
                               (case["id"],)))
    assert not is_image(w1.cases().photo_path(sha))
    assert w1.sync().photos_up == 1
    on_server = (any_city.blob_dir / sha[:2] / sha).read_bytes()
    assert hashlib.sha256(on_server).hexdigest() == sha
    assert is_image(any_city.blob_dir / sha[:2] / sha)
    sup.sync()
    assert photos.ensure_local(sup.store, sup.client, sup.dir, sha) is not None
    assert not is_image(sup.cases().photo_path(sha))
    assert not is_image(sup.cases().photo_path(sha, thumb=True))
    assert sup.cases().photo_bytes(sha) == on_server


# ============================================================ 13. the conflict inbox

def _phone_conflict(city, org, desk):
    from synchelpers import heal, resident_values

    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    sup = desk(city.url, org.user("sup"))
    r = w1.roster().create_resident(resident_values("蒋八", phone="13800000001"),
                                    grid_id=org.ids["g1"])
    heal([w1, w1b, sup])
    w1.roster().update_resident(r["id"], {"phone": "13900000002",
                                          "notes": "身份证 " + ID_A})
    w1b.roster().update_resident(r["id"], {"phone": "13700000003",
                                           "notes": "电话 138-0013-8000"})
    w1.sync()
    w1b.sync()
    heal([w1, w1b, sup])
    return sup, r


def test_the_conflict_inbox_masks_and_reveals_with_a_reason(qtbot, any_city, any_org, desk):
    from PySide6.QtWidgets import QInputDialog

    from app.ui.shell.app import create_application
    from app.ui.sync.sync_page import SyncPage
    from uihelpers import drive_modal

    create_application("zh_CN")
    sup, r = _phone_conflict(any_city, any_org, desk)
    page = SyncPage(sup.store, lambda: sup.actor)
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    page.tabs.setCurrentIndex(2)
    assert page.conflict_table.rowCount() == 2
    shown = " ".join(page.conflict_table.item(row, col).text()
                     for row in range(2) for col in range(4))
    for full in ("13900000002", "13700000003", ID_A, "13800130000", "138-0013-8000"):
        assert full not in shown
    assert "139****0002" in shown and "137****0003" in shown and "4101**********0020" in shown
    phone_row = next(i for i in range(2) if page.conflict_table.item(i, 1).text() == "联系电话")
    page.conflict_table.selectRow(phone_row)
    assert "13900000002" not in page.conflict_detail.toPlainText()
    page.grab().save("/tmp/conflicts-masked.png")

    # "enter a value" never starts from the masked text
    def look_at_start(d: QInputDialog):
        assert "*" not in d.textValue()
        d.reject()
    drive_modal(page.edit_button.click, look_at_start)

    # 显示: the resident form's dialog asks why; cancelling shows nothing, logs nothing
    before = sup.one("SELECT count(*) FROM audit_log WHERE action = 'reveal'")
    drive_modal(page.reveal_button.click, lambda d: d.reject())
    assert "13900000002" not in page.conflict_table.item(phone_row, 2).text() + \
        page.conflict_table.item(phone_row, 3).text()

    def give_reason(d: QInputDialog):
        d.setTextValue("核对联系电话 13912345678")
        d.accept()
    drive_modal(page.reveal_button.click, give_reason)
    values = {page.conflict_table.item(phone_row, c).text() for c in (2, 3)}
    assert values == {"13900000002", "13700000003"}
    assert "13900000002" in page.conflict_detail.toPlainText()
    page.grab().save("/tmp/conflicts-revealed.png")
    records = [(e, json.loads(d)) for e, d in sup.q(
        "SELECT entity_id, detail FROM audit_log WHERE action = 'reveal' ORDER BY seq")]
    assert len(records) == before + 1
    entity_id, detail = records[-1]
    assert entity_id == r["id"] and detail["field"] == "phone" and detail["conflict"]
    assert detail["reason"] == "核对联系电话 139****5678", "a number in the reason is masked"
    assert audit.verify_chain(sup.store.conn) is None
    # the other conflict stays masked; leaving the page masks everything again
    other = 1 - phone_row
    assert ID_A not in page.conflict_table.item(other, 2).text() + \
        page.conflict_table.item(other, 3).text()
    page.hide()
    page.show()
    assert "13900000002" not in " ".join(page.conflict_table.item(phone_row, c).text()
                                         for c in (2, 3))


# ============================================================ 14. the OS keystore

class SharedLoginKeystore:
    """The OS keystore of one OS login (what Windows Credential Manager is to everyone
    signed in to the same Windows account): any program of that login reads every
    entry. No OS keystore exists on the test machine, so this is a real ``keyring``
    backend kept in memory."""

    def __init__(self):
        import keyring.backend

        entries: dict = {}

        class Backend(keyring.backend.KeyringBackend):
            priority = 1

            def get_password(self, service, username):
                return entries.get((service, username))

            def set_password(self, service, username, password):
                entries[(service, username)] = password

            def delete_password(self, service, username):
                entries.pop((service, username), None)
        self.entries = entries
        self.keystore = OsKeystore(Backend())
        self.keystore.available = True


@pytest.fixture
def shared_login(monkeypatch):
    import keyring

    before = keyring.get_keyring()
    yield SharedLoginKeystore()
    keyring.set_keyring(before)


def it_config(tmp_path, monkeypatch, text: str):
    path = tmp_path / "it-config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("GRIDDESK_CONFIG", str(path))
    return path


def test_it_switches_the_keystore_copy_off_for_a_shared_os_login(tmp_path, monkeypatch,
                                                                 shared_login):
    # the finding: with the copy on (no IT config), a colleague on the same OS login
    # reads A's key from the keystore and opens A's data
    accounts = Accounts(tmp_path / "pc", keystore=shared_login.keystore, clock=Clock())
    key = accounts.enrol("worker1", PW, ME, "https://city.example")
    store = open_store(accounts.store_dir(accounts.get("worker1")), StaticKeyProvider(key))
    store.close()
    stolen = bytes.fromhex(next(iter(shared_login.entries.values())))
    open_store(accounts.store_dir(accounts.get("worker1")), StaticKeyProvider(stolen),
               create=False).close()

    # IT sets os_keystore = false (while GridDesk runs): the next sign-in, anyone's,
    # even a failed one, removes every copy
    it_config(tmp_path, monkeypatch, 'server_url = "https://city.example"\n'
                                     "os_keystore = false\n")
    with pytest.raises(AccountError):
        accounts.sign_in_offline("worker1", "a wrong guess 1")
    assert shared_login.entries == {}
    assert accounts.get("worker1").in_keyring is False
    # and nothing is written there again: a re-enrolment, a second person
    accounts.enrol("worker1", PW, ME, "https://city.example")
    accounts.enrol("worker2", "other pass 99", {**ME, "user_id": "u-worker2",
                                                "username": "worker2"}, "https://city.example")
    assert shared_login.entries == {}
    assert [a.in_keyring for a in accounts.list()] == [False, False]
    # the password wrap still opens each person's own data
    assert accounts.sign_in_offline("worker1", PW)[1] == key
    assert config.os_keystore_allowed() is False and config.load().os_keystore is False


def test_the_keystore_switch_is_it_policy_and_fails_closed(tmp_path, monkeypatch,
                                                           shared_login):
    # a user's own setting cannot switch it back on: only the system file is read
    it_config(tmp_path, monkeypatch, "os_keystore = false\n")
    store = open_store(tmp_path / "local")
    with store.transaction() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('os_keystore', 'true')")
    assert config.load(conn=store.conn, cli={"os_keystore": True}).os_keystore is False
    store.close()
    # a broken system file: no keys into a shared keystore
    it_config(tmp_path, monkeypatch, "os_keystore = [\n")
    assert config.os_keystore_allowed() is False
    accounts = Accounts(tmp_path / "pc2", keystore=shared_login.keystore, clock=Clock())
    accounts.enrol("worker1", PW, ME, "https://city.example")
    assert shared_login.entries == {}
    # a value that is not true/false is named in the error
    path = it_config(tmp_path, monkeypatch, 'os_keystore = "no"\n')
    with pytest.raises(config.ConfigError) as exc:
        config.load()
    assert str(path) in str(exc.value) and "os_keystore" in str(exc.value)
    # the shipped template documents it (commented: the default is on)
    from pathlib import Path
    template = (Path(__file__).resolve().parents[2] / "packaging" / "config.toml").read_text(
        encoding="utf-8")
    assert "# os_keystore = false" in template


# ============================================================ 15. the local lock

def _edit_accounts(pc, change) -> None:
    path = pc / "accounts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["accounts"]["worker1"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def locked(tmp_path):
    clock = Clock()
    accounts = Accounts(tmp_path / "pc", keystore=no_keystore(), clock=clock)
    accounts.enrol("worker1", PW, ME, "https://city.example")
    for _ in range(5):
        with pytest.raises(AccountError):
            accounts.sign_in_offline("worker1", "wrong 1234")
    with pytest.raises(AccountError) as exc:
        accounts.sign_in_offline("worker1", PW)
    assert exc.value.code == "locked"
    return accounts, tmp_path / "pc", clock


@pytest.mark.parametrize("edit", [
    lambda a: a.update(failures=0, locked_until=0),
    lambda a: [a.pop(k) for k in ("failures", "locked_until")],
    lambda a: [a.pop(k) for k in ("failures", "locked_until", "lock_tag")],
    lambda a: a.update(locked_until=1.0, lock_tag="0" * 64),
], ids=["reset", "deleted", "deleted-with-tag", "forged-tag"])
def test_editing_accounts_json_does_not_reset_the_lock(locked, edit):
    accounts, pc, clock = locked
    _edit_accounts(pc, edit)
    with pytest.raises(AccountError) as exc:
        accounts.sign_in_offline("worker1", PW)
    assert exc.value.code == "locked"
    # the lock still ends: 15 minutes later the right password opens again
    clock.t += 15 * 60 + 1
    account, _key = accounts.sign_in_offline("worker1", PW)
    assert account.failures == 0


def test_resetting_the_failure_count_before_the_lock_fails_closed(tmp_path):
    clock = Clock()
    accounts = Accounts(tmp_path / "pc", keystore=no_keystore(), clock=clock)
    accounts.enrol("worker1", PW, ME, "https://city.example")
    for _ in range(4):
        with pytest.raises(AccountError):
            accounts.sign_in_offline("worker1", "wrong 1234")
    _edit_accounts(tmp_path / "pc", lambda a: a.update(failures=0))   # 5 more guesses?
    with pytest.raises(AccountError) as exc:
        accounts.sign_in_offline("worker1", "another guess 1")
    assert exc.value.code == "locked"
    # deleting the seal as well (the tags' key, beside accounts.json) does not help
    clock.t += 15 * 60 + 1
    accounts.sign_in_offline("worker1", PW)
    (tmp_path / "pc" / "accounts.seal").unlink()
    _edit_accounts(tmp_path / "pc", lambda a: a.update(failures=0, locked_until=0))
    with pytest.raises(AccountError) as exc:
        accounts.sign_in_offline("worker1", PW)
    assert exc.value.code == "locked"
    # what GridDesk itself wrote is trusted: an untouched account signs in as before
    clock.t += 15 * 60 + 1
    assert accounts.sign_in_offline("worker1", PW)[0].failures == 0
    assert accounts.sign_in_offline("worker1", PW)[0].failures == 0


def test_accounts_from_before_the_lock_tags_still_sign_in(tmp_path):
    """An accounts.json written by the previous GridDesk (version 1, no tags, no seal)
    is taken as it is once, then tagged."""
    clock = Clock()
    accounts = Accounts(tmp_path / "pc", keystore=no_keystore(), clock=clock)
    accounts.enrol("worker1", PW, ME, "https://city.example")
    path = tmp_path / "pc" / "accounts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 1
    for a in data["accounts"].values():
        a.pop("lock_tag")
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "pc" / "accounts.seal").unlink()
    assert accounts.sign_in_offline("worker1", PW)[0].username == "worker1"
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 2
    assert (tmp_path / "pc" / "accounts.seal").exists()


# ============================================================ 15. the log scrubber

SCRUB_CASES = [
    # (text, what must not survive)
    (f"resident {ID_A} saved", ID_A),
    ("id 4101 0519 4912 3100 2X refused", "4101 0519 4912 3100 2X"),
    ("id 410105-19491231-002X refused", "410105-19491231-002X"),
    ("old id 410105491231002 kept", "410105491231002"),
    ("old id 410105 491231 002 kept", "410105 491231 002"),
    (f"phone {PHONE_A}", PHONE_A),
    ("phone 138-0013-8000", "138-0013-8000"),
    ("phone +86 138 0013 8000", "138 0013 8000"),
    ("phone +8613800138000", "13800138000"),
    ("phone (0371)6550 1234", "6550 1234"),
    ("landline 0371-6550-1234", "6550-1234"),
    ("landline 0371 65501234", "65501234"),
    ("身份证号410105194912310022已存在", "410105194912310022"),
    ("电话：１３８－００１３－８０００（全角）", "１３８－００１３－８０００"),
    ("身份证４１０１０５１９４９１２３１００２Ｘ", "４１０１０５１９４９１２３１００２Ｘ"),
    ("phone 138\u30000013\u30008000", "0013\u30008000"),
    # invisible characters pasted inside a number (issue 18): they split it into parts
    ("id 4101\u200b05194912310022 pasted", "4101\u200b05194912310022"),
    ("id \u202d410105194912310022\u202c", "410105194912310022"),
    ("phone 138\u200b0013\ufeff8000", "138\u200b0013\ufeff8000"),
]


@pytest.mark.parametrize("text, secret", SCRUB_CASES, ids=[c[1] for c in SCRUB_CASES])
def test_the_log_scrubber_catches_ids_and_phones_as_people_write_them(text, secret):
    out = scrub(text)
    assert secret not in out
    digits = "".join(str(int(ch)) for ch in secret if ch.isdigit())
    assert digits not in "".join(str(int(ch)) for ch in out if ch.isdigit())


@pytest.mark.parametrize("text", [
    "sync pushed 12 pulled 345 in 0.25 s", "2026-11-28 12:00:05 INFO started",
    "device 0190a3b4-1234-7abc-8def-0123456789ab", "schema v8, 3000 residents",
    "listening on 127.0.0.1:8470",
])
def test_the_log_scrubber_leaves_ordinary_lines_alone(text):
    assert scrub(text) == text


def test_the_log_file_is_scrubbed(tmp_path):
    from app import logs

    path = logs.setup(tmp_path)
    try:
        logging.getLogger("griddesk.test").error(
            "import refused row: %s, %s, %s", "4101 0519 4912 3100 2X", "138-0013-8000",
            "410105491231002")
    finally:
        logs.shutdown()
    text = path.read_text(encoding="utf-8")
    assert "import refused row" in text
    for secret in ("0519 4912 3100", "0013-8000", "410105491231002"):
        assert secret not in text


# ============================================================ 15. the export's audit record

@pytest.mark.parametrize("typed", [ID_A, "4101 0519 4912 3100 2X", PHONE_A, "138-0013-8000",
                                   "张三丰"])
def test_an_export_audit_record_keeps_no_search_text(street, tmp_path, typed):
    roster = street["roster"]
    roster.create_resident(dict(name="张三丰", id_number=ID_A, phone=PHONE_A,
                                residence_type="registered"),
                           household_id=street["household"]["id"], relation="self")
    store = street["store"]
    query = search.RosterQuery(text=typed)
    exporter.export_roster(store, store.conn, query, str(tmp_path / f"名单{PHONE_A}.xlsx"),
                           street["actor"], full_values=True, reason=f"核对 {ID_A}")
    (detail,) = [json.loads(r[0]) for r in store.conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'export'")]
    text = json.dumps(detail, ensure_ascii=False)
    for secret in (ID_A, PHONE_A, typed, "0519 4912", "0013-8000"):
        assert secret not in text, secret
    described = detail["query"]["text"]
    assert described["kind"] in ("number", "text") and described["length"] == len(typed)
    assert described["masked"] and "*" in described["masked"]
    assert audit.verify_chain(store.conn) is None


# ============================================================ 15. coordinates

@pytest.mark.parametrize("lon, lat, ok", [
    (113.65, 34.76, True), ("113.65", "34.76", True), (-180, 90, True), (180.0, -90.0, True),
    (float("inf"), 34.7, False), (113.6, float("-inf"), False), (float("nan"), 34.7, False),
    ("Infinity", "34.7", False), ("nan", "1", False), (1e999, 1, False), (10 ** 400, 1, False),
    (180.0001, 0, False), (0, 90.5, False), (True, 34.7, False), ("东经113", 34.7, False),
    (None, 34.7, False), (113.6, None, False), (None, None, True),
])
def test_one_coordinate_rule(lon, lat, ok):
    position, issues = rules.check_coordinates(lon, lat)
    assert (not issues) == ok
    if position is not None:
        assert all(math.isfinite(v) for v in position)
    assert rules.valid_coordinates(lon, lat) == (ok and lon is not None)


@pytest.mark.parametrize("lon, lat", [(float("inf"), 34.7), ("Infinity", "34.7"),
                                      (float("nan"), 0), (1e999, 34.7), (200, 34.7)])
def test_a_case_with_an_impossible_position_is_refused_and_nothing_is_written(street, lon,
                                                                                 lat):
    cases = Cases(street["store"], street["actor"])
    before = cases.count(CaseQuery())
    with pytest.raises(ValidationError) as exc:
        cases.create(title="井盖缺失", category="exposed_garbage", grid_id=street["grid"]["id"],
                     lon=lon, lat=lat)
    assert [(i.field, i.code) for i in exc.value.issues] == [("lon", "location.invalid")]
    assert cases.count(CaseQuery()) == before
    ok = cases.create(title="井盖缺失", category="exposed_garbage", grid_id=street["grid"]["id"],
                      lon="113.65", lat="34.76")
    assert (ok["lon"], ok["lat"]) == (113.65, 34.76)


def test_a_synced_case_at_infinity_is_placed_on_the_map_not_at_infinity(qtbot, street):
    """A case row that came from elsewhere with lon = Infinity (data the server took
    before it checked): the map places it by its grid like a case without a position."""
    from app.ui.shell.app import create_application
    from app.ui.reports.map_page import MapPage

    create_application("zh_CN")
    store = street["store"]
    cases = Cases(store, street["actor"])
    made = [cases.create(title="路灯不亮", category="exposed_garbage",
                         grid_id=street["grid"]["id"]) for _ in range(2)]
    with store.transaction() as conn:   # as a sync page would have written them
        conn.execute("UPDATE cases SET lon = ?, lat = ? WHERE id = ?",
                     (float("inf"), 34.76, made[0]["id"]))
        conn.execute("UPDATE cases SET lon = ?, lat = ? WHERE id = ?",
                     (213.65, 34.76, made[1]["id"]))
    layers = geo.load_layers(store.conn, store.path.parent)
    pins, _unplaced = geo.case_pins(store.conn, layers.features, cases.level)
    assert sorted(p.case_id for p in pins) == sorted(c["id"] for c in made)
    for pin in pins:
        assert math.isfinite(pin.lon) and math.isfinite(pin.lat) and pin.placed_by == "grid"
    page = MapPage(store, cases, street["roster"])
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.is_busy())
    assert sorted(p.case_id for p in page.pins) == sorted(c["id"] for c in made)
    assert all(math.isfinite(v) for p in page.pins for v in (p.lon, p.lat))
    rect = page.scene.itemsBoundingRect()
    assert all(math.isfinite(v) for v in (rect.x(), rect.y(), rect.width(), rect.height()))


# ============================================================ 15. search boxes

NASTY = ["\x00", "张\x00", "a\x00b", "\ud800", "13\ud800", "\udfff张", "\x00\ud800\x1f",
         "4101\x000519", "\u2028", "\x7f"]


@pytest.mark.parametrize("text", NASTY, ids=[repr(t) for t in NASTY])
def test_search_functions_never_raise_on_nul_or_lone_surrogates(street, text):
    roster, store = street["roster"], street["store"]
    roster.create_resident(dict(name="张三丰", id_number=ID_A, phone=PHONE_A,
                                residence_type="registered"),
                           household_id=street["household"]["id"], relation="self")
    q = search.RosterQuery(text=text)
    rids, _cursor = search.query_page(store.conn, q, None)
    assert search.count(store.conn, q) == len(rids)
    # what is left once the unusable characters are gone is searched as usual
    expected = search.count(store.conn, search.RosterQuery(text=rules.clean_query_text(text)))
    assert len(rids) == expected
    cases = Cases(store, street["actor"])
    assert cases.count(CaseQuery(text=text)) >= 0
    assert isinstance(roster.find_households(rules.clean_query_text(text)), list)


def test_the_roster_and_case_search_boxes_take_nul_and_show_results(qtbot, street):
    from app.ui.shell.app import create_application
    from app.ui.audit.audit_page import AuditPage, LocalAuditSource
    from app.ui.cases.cases_page import CasesPage
    from app.ui.roster.household_dialog import MoveMemberDialog
    from app.ui.roster.roster_page import RosterPage

    create_application("zh_CN")
    roster, store = street["roster"], street["store"]
    zsf = roster.create_resident(dict(name="张三丰", id_number=ID_A, phone=PHONE_A,
                                      residence_type="registered"),
                                 household_id=street["household"]["id"], relation="self")
    cases = Cases(store, street["actor"])
    cases.create(title="张家门口井盖缺失", category="exposed_garbage",
                 grid_id=street["grid"]["id"])
    page = RosterPage(store, roster, cases=cases)
    qtbot.addWidget(page)
    page.show()
    for typed in ("张\x00三", "\x00", "\ud800", "0020\x00", "\x00138\x00000"):
        page.search.setText(typed)
        page._apply_query()          # what the debounce timer runs
        qtbot.waitUntil(lambda: page.count_label.text() not in ("", "正在统计…", "Counting…"))
        assert page.model.rowCount() == 1, typed
    case_page = CasesPage(cases, roster)
    qtbot.addWidget(case_page)
    case_page.search.setText("井盖\x00")
    case_page.apply()
    assert case_page.model.rowCount() == 1
    audit_page = AuditPage(LocalAuditSource(store))
    qtbot.addWidget(audit_page)
    audit_page.user.setText("u-worker1\x00")
    audit_page.entity.setText("\x00")
    audit_page.reload()
    qtbot.waitUntil(lambda: audit_page.search.isEnabled())
    assert audit_page.table.rowCount() > 0
    move = MoveMemberDialog(roster, zsf["id"])
    qtbot.addWidget(move)
    roster.create_household("H0002", grid_id=street["grid"]["id"])
    move.query.setText("H00\x00")
    assert move.results.count() == 1   # H0002 (the member's own household is left out)
