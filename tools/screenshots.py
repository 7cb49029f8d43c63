"""Save screenshots of the main screens (offscreen) for a look:
``python tools/screenshots.py DATA_DIR OUT_DIR [--lang zh_CN|en]``."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    import shutil
    import tempfile
    # Work on a copy: the screenshots add a case, which must not land in real data.
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    data_dir = Path(tempfile.mkdtemp()) / "data"
    shutil.copytree(source, data_dir)
    lang = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--lang" else "zh_CN"
    out.mkdir(parents=True, exist_ok=True)

    from app.ui.roster.household_dialog import HouseholdDialog
    from app.ui.roster.resident_dialog import ResidentDialog
    from app.ui.shell.app import open_main_window

    app, win = open_main_window(data_dir, lang)
    win.resize(1280, 800)
    win.show()
    page = win.roster_page

    def settle():
        for _ in range(5):
            app.processEvents()

    settle()
    win.grab().save(str(out / f"roster-{lang}.png"))
    page.search.setText("zs")
    page._apply_query()
    settle()
    win.grab().save(str(out / f"roster-search-{lang}.png"))

    rec = page.model.record(0)
    dlg = ResidentDialog(win.roster, household_choices=win.roster.households_in(
        page.model.record(0)["address"] and win.roster.resident(rec["id"])["path"][:15]),
        grid_choices=win.roster.grids(), parent=win)
    dlg.show()
    dlg.form.name.setText("赵𠮷")
    dlg.form.id_number.setText("110105194912310021")
    dlg.form.phone.setText("12345")
    dlg.form.birth_date.setText("1949-13-01")
    dlg.save()
    settle()
    dlg.grab().save(str(out / f"resident-form-error-{lang}.png"))
    dlg.reject()

    edit = ResidentDialog(win.roster, resident_id=rec["id"], parent=win)
    edit.show()
    settle()
    edit.grab().save(str(out / f"resident-edit-{lang}.png"))
    edit.tabs.setCurrentIndex(1)
    settle()
    edit.grab().save(str(out / f"resident-tags-{lang}.png"))
    edit.reject()

    hh = HouseholdDialog(win.roster, rec["household_id"], parent=win)
    hh.show()
    settle()
    hh.grab().save(str(out / f"household-{lang}.png"))
    hh.reject()
    # Cases: the list, a detail with its timeline and photos, quick report, review queues.
    from PIL import Image, ImageDraw

    from app.ui.cases.case_detail import CaseDetailDialog
    from app.ui.cases.quick_report import QuickReportDialog
    win.go_to(win.stack.indexOf(win.page("cases")))
    settle()
    win.grab().save(str(out / f"cases-{lang}.png"))
    shot = out / "_photo.jpg"
    img = Image.new("RGB", (1600, 1200), (96, 110, 124))
    ImageDraw.Draw(img).rectangle((500, 400, 1100, 800), fill=(40, 40, 40))
    img.save(shot)
    grid = win.roster.grids()[0]
    case = win.cases.create(title="井盖缺失", category="manhole_cover", grid_id=grid["id"],
                            description="经三路与农业路交叉口东北角井盖缺失", photos=[shot])
    detail = CaseDetailDialog(win.cases, win.roster, case["id"], parent=win)
    detail.show()
    settle()
    detail.grab().save(str(out / f"case-detail-{lang}.png"))
    detail.reject()
    busy = win.cases.list(__import__("app.models.cases.repository",
                                     fromlist=["CaseQuery"]).CaseQuery(states=("evaluated",)))[0]
    if busy:
        detail = CaseDetailDialog(win.cases, win.roster, busy[0]["id"], parent=win)
        detail.show()
        settle()
        detail.grab().save(str(out / f"case-detail-closed-{lang}.png"))
        detail.reject()
    quick = QuickReportDialog(win.cases, win.roster, grid_choices=win.roster.grids(), parent=win)
    quick.show()
    quick.add_photos([shot])
    settle()
    quick.grab().save(str(out / f"quick-report-{lang}.png"))
    quick.reject()
    def show(key):
        win.go_to(win.stack.indexOf(win.page(key)))
    show("review")
    win.review_page.refresh_counts()
    settle()
    win.grab().save(str(out / f"review-{lang}.png"))
    for key in ("settings", "sync", "home"):
        show(key)
        settle()
        win.grab().save(str(out / f"{key}-{lang}.png"))
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
