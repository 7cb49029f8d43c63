"""Issue 21: the 随手拍 page in a real browser (Debian's ``chromium`` driven by
Playwright through its executable path) against a real server process.

At a 360×740 phone viewport a resident picks a category, attaches a large photo (the
page shrinks it to ≤ 1600 px JPEG in the browser), types the place, the description
and the phone, submits, reads the tracking code and sees the status. The screenshots
(also one at 390×844) are saved for a person to look at (GRIDDESK_SCREENSHOT_DIR).
In CI the test never skips: a missing browser is a failure.
"""
from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from h5helpers import COMMUNITY, DEPT, case_of, step
from server import db
from srvfixtures import db_url, live_server, settings, store, units  # noqa: F401
from srvhelpers import Device

CHROMIUM = os.environ.get("GRIDDESK_CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")
IN_CI = os.environ.get("CI") == "true"


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("CI needs Debian's chromium (apt-get install chromium)")
        pytest.skip("no chromium on this machine")
    return sync_playwright


def big_photo(path: Path) -> Path:
    from PIL import Image
    img = Image.new("RGB", (3200, 2400), (90, 120, 160))
    for x in range(0, 3200, 200):          # something to look at, not one flat colour
        img.paste((230, 200, 40), (x, 0, x + 80, 2400))
    img.save(path, "JPEG", quality=95)
    return path


def shots_dir(tmp_path: Path) -> Path:
    d = Path(os.environ.get("GRIDDESK_SCREENSHOT_DIR") or tmp_path / "shots")
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.mark.timeout(180)
def test_a_resident_reports_from_a_phone_browser_and_sees_the_status(
        live_server, settings, store, units, tmp_path):
    sync_playwright = _playwright()
    photo = big_photo(tmp_path / "IMG_0001.jpg")
    shots = shots_dir(tmp_path)
    console: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox"])
        try:
            ctx = browser.new_context(viewport={"width": 360, "height": 740},
                                      device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale="zh-CN")
            page = ctx.new_page()
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            failed: list = []
            page.on("response", lambda r: failed.append((r.url.replace(live_server, ""),
                                                         r.status)) if r.status >= 400 else None)
            page.goto(f"{live_server}/h5/?c={COMMUNITY}")
            page.get_by_text("经三路社区").wait_for()
            page.get_by_text("路灯不亮").click()
            page.set_input_files("#photo", str(photo))
            page.locator(".thumb img").wait_for()
            page.fill("#place_text", "经三路 3号楼东侧")
            page.fill("#description", "3号楼东侧的路灯一直不亮，晚上很黑")
            page.fill("#phone", "138 1234 5678")
            page.screenshot(path=str(shots / "h5_report_360.png"), full_page=True)
            # nothing sticks out sideways on a narrow phone
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            # a weak 4G connection: the first photo upload never reaches the server, and
            # the first report reaches it but its answer is lost on the way back; the page
            # retries both with the same keys
            flaky = {"photos": 0, "reports": 0}

            def drop_photo(route):
                flaky["photos"] += 1
                if flaky["photos"] == 1:
                    route.abort("connectionreset")
                else:
                    route.continue_()

            def lose_answer(route):
                flaky["reports"] += 1
                if flaky["reports"] == 1:
                    route.fetch()                      # the server makes the case...
                    route.abort("connectionreset")     # ...and the phone never hears it
                else:
                    route.continue_()
            page.route("**/h5/api/photos", drop_photo)
            page.route("**/h5/api/reports", lose_answer)
            page.click("#submit")
            code_el = page.locator("#code")
            code_el.wait_for(state="visible", timeout=30000)
            code = code_el.inner_text().strip()
            assert len(code.replace("-", "")) == 12
            page.screenshot(path=str(shots / "h5_done_360.png"), full_page=True)

            page.click("#status_link")
            page.locator("#code_in").wait_for()
            assert page.input_value("#code_in") == code
            page.fill("#phone_in", "13812345678")
            page.click("#lookup button[type=submit]")
            page.locator("#result").wait_for(state="visible")
            assert "路灯不亮" in page.inner_text("#r_choice")
            assert page.inner_text("#r_steps li.done") == "已受理"
            page.screenshot(path=str(shots / "h5_status_360.png"), full_page=True)
            # a wrong phone: the one answer, no trace of the report
            page.fill("#phone_in", "13900000000")
            page.click("#lookup button[type=submit]")
            page.get_by_text("没有找到这条诉求").wait_for()
            assert page.locator("#result").is_hidden()

            # the desktops handle it and the supervisor replies; the resident reads the
            # reply and rates it 不满意, which goes back to the community for a check
            import httpx
            with httpx.Client(base_url=live_server, timeout=30) as http:
                sup, dept = Device(http, "sup"), Device(http, "dept")
                case_id = case_of(store, code)["id"]
                for dev, action, data, note in (
                        (sup, "accept", None, None), (sup, "dispatch", {"unit": units[DEPT]},
                                                      None),
                        (dept, "sign", None, None), (dept, "feedback", None, "已修复"),
                        (sup, "verify_pass", None, None),
                        (sup, "reply", None, "您好，路灯已修好，感谢您的反映！")):
                    assert step(dev, case_id, action, data, note)["status"] == "applied"
            page.fill("#phone_in", "13812345678")
            page.click("#lookup button[type=submit]")
            page.locator("#r_reply").wait_for(state="visible")
            assert page.inner_text("#r_reply_text") == "您好，路灯已修好，感谢您的反映！"
            assert page.locator("#r_steps li.done").count() == 3
            page.get_by_text("不满意").click()
            page.fill("#comment", "晚上还是不亮")
            page.click("#rate button[type=submit]")
            page.locator("#r_verification").wait_for(state="visible")
            assert "回访核实" in page.inner_text("#r_verification")
            assert "不满意" in page.inner_text("#r_rating")
            assert page.locator("#rate").is_hidden()
            page.screenshot(path=str(shots / "h5_rated_360.png"), full_page=True)

            wide = browser.new_context(viewport={"width": 390, "height": 844},
                                       device_scale_factor=2, is_mobile=True, has_touch=True,
                                       locale="zh-CN")
            p2 = wide.new_page()
            p2.goto(f"{live_server}/h5/?c={COMMUNITY}")
            p2.get_by_text("路灯不亮").wait_for()
            p2.screenshot(path=str(shots / "h5_report_390.png"), full_page=False)
        finally:
            browser.close()
    # no CSP violation, no script error on the way; the one failed request is the
    # wrong phone's look-up
    assert failed == [("/h5/api/status", 404)], failed
    assert case_of(store, code)["satisfaction"] == "dissatisfied"
    assert not [m for m in console if "error" in m.lower()
                and "Failed to load resource" not in m], console
    # the photo arrived shrunk by the browser, as a JPEG of at most 1600 px
    assert flaky == {"photos": 2, "reports": 2}
    with store.read() as conn:    # one report, one photo: the retries made nothing twice
        assert conn.execute(sa.select(sa.func.count()).select_from(
            db.h5_reports)).scalar_one() == 1
        titles = conn.execute(sa.select(db.ENTITIES["cases"].c.title)).scalars().all()
        assert len(titles) == 2 and sum(t.startswith("回访核实") for t in titles) == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(
            db.h5_photos)).scalar_one() == 1
    case = case_of(store, code)
    assert case["source"] == "resident_snapshot" and case["category"] == "streetlight_out"
    with store.read() as conn:
        ev = conn.execute(sa.select(db.ENTITIES["case_events"]).where(
            db.ENTITIES["case_events"].c.case_id == case["id"],
            db.ENTITIES["case_events"].c.action == "report")).mappings().one()
    (sha,) = json.loads(ev["photos"])
    data = (Path(settings.blob_dir) / sha[:2] / sha).read_bytes()
    assert data[:3] == b"\xff\xd8\xff" and len(data) < photo.stat().st_size
    from PIL import Image
    with Image.open(io.BytesIO(data)) as img:
        assert max(img.size) == 1600 and img.size == (1600, 1200)
