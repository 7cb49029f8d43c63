"""ID numbers and phones are masked on screen by default; showing the full value
asks why, and the reveal lands in the audit log (domain.md §6)."""
from __future__ import annotations

import json

from PySide6.QtWidgets import QInputDialog

from app.models.write import audit
from app.ui.roster.resident_dialog import ResidentDialog
from test_roster_ui import GOOD_ID, people  # noqa: F401 - fixture
from uihelpers import drive_modal


def reveals(store):
    return [(r[0], json.loads(r[1])) for r in store.conn.execute(
        "SELECT entity_id, detail FROM audit_log WHERE action = 'reveal' ORDER BY seq")]


def test_masked_by_default_and_revealing_asks_why_and_is_logged(qtbot, store, roster, people):
    zsf = people["zsf"]
    dlg = ResidentDialog(roster, resident_id=zsf["id"])
    qtbot.addWidget(dlg)
    dlg.show()
    form = dlg.form
    assert form.id_number.text() == "1101**********002X"
    assert form.phone.text() == "138****5678"
    assert form.id_number.isReadOnly() and form.reveal_buttons["id_number"].isVisible()

    # cancelling the reason keeps it masked and logs nothing
    drive_modal(form.reveal_buttons["id_number"].click, lambda d: d.reject())
    assert form.id_number.text() == "1101**********002X"
    assert reveals(store) == []

    def give_reason(d: QInputDialog):
        d.setTextValue("办理低保复核")
        d.accept()
    drive_modal(form.reveal_buttons["id_number"].click, give_reason)
    assert form.id_number.text() == GOOD_ID and not form.id_number.isReadOnly()
    # the record names the resident in words, masked (issue 17)
    assert reveals(store) == [(zsf["id"], {"field": "id_number", "reason": "办理低保复核",
                                           "record": "张三丰 1101**********002X"})]
    assert audit.verify_chain(store.conn) is None

    # saving with the phone never revealed keeps the real number (not the mask)
    form.occupation.setText("退休")
    dlg.save()
    saved = roster.resident(zsf["id"])
    assert saved["phone"] == "13812345678" and saved["id_number"] == GOOD_ID
    assert saved["occupation"] == "退休"
