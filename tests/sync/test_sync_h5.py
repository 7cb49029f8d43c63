"""Issue 21 on the desktop side: a resident's 随手拍 report from the page reaches the
community supervisor's desktop by sync (source 居民随手拍, in the 待受理 queue), is
handled on the desktops, the supervisor's reply reaches the resident's page, and the
resident's 不满意 comes back to the desktop with a 回访核实 case and shows in 满意率.
Real server processes (SQLite and PostgreSQL), real SQCipher stores over HTTP."""
from __future__ import annotations

import datetime as dt

import httpx

from app.models.cases.repository import CaseQuery
from app.models.domain.case_fields import SOURCES
from app.models.reports import three_rates
from h5helpers import Phone, jpeg
from syncfixtures import any_city, any_org, desk, pg_city, city  # noqa: F401


def test_a_residents_report_is_handled_on_the_desktops_and_rated(any_city, any_org, desk,
                                                                  qtbot):
    city, org = any_city, any_org
    sup = desk(city.url, org.user("sup"))
    dept = desk(city.url, org.user("dept"))
    w3 = desk(city.url, org.user("w3"))           # another community's grid worker
    with httpx.Client(base_url=city.url, timeout=30) as browser:
        phone = Phone(browser, community=org.codes["c1"])
        assert phone.photo(jpeg(), key="photo-key-0000000001").status_code == 200
        r = phone.report(choice="garbage", description="小区门口垃圾堆了三天",
                         photos=["photo-key-0000000001"])
        assert r.status_code == 200, r.text
        code = r.json()["code"]

        sup.sync()
        cases = sup.cases()
        (case,), _ = cases.list(CaseQuery(source="resident_snapshot"))
        assert SOURCES[case["source"]].label() == "居民随手拍"
        assert case["state"] == "reported" and case["category"] == "exposed_garbage"
        assert case["level_unit_id"] == org.ids["c1"]
        waiting, _ = cases.list(CaseQuery(queue="to_accept", path_prefix=org.codes["c1"]))
        assert [c["id"] for c in waiting] == [case["id"]]
        assert cases.is_for(case, sup.actor)
        (report,) = cases.events(case["id"])
        assert len(report["photos"]) == 1
        w3.sync()
        assert w3.row("cases", case["id"]) is None           # not another community's

        # handled on the desktops; the supervisor writes the reply in the case detail,
        # whose buttons offer it (答复居民)
        assert "reply" in cases.allowed_actions(case["id"])
        from app.ui.cases.case_detail import CaseDetailDialog
        from app.ui.shell.app import create_application
        create_application("zh_CN")
        dlg = CaseDetailDialog(cases, sup.roster(), case["id"])
        qtbot.addWidget(dlg)
        assert dlg.action_buttons["reply"].text() == "答复居民"
        cases.act(case["id"], "accept")
        cases.act(case["id"], "dispatch", unit=org.ids["dept"])
        sup.sync()
        dept.sync()
        assert "reply" not in dept.cases().allowed_actions(case["id"])
        dept.cases().act(case["id"], "sign")
        dept.cases().act(case["id"], "feedback", note="已清运（内部：联系了物业王经理）")
        dept.sync()
        sup.sync()
        cases.act(case["id"], "verify_pass")
        cases.act(case["id"], "reply", note="您好，垃圾已清运，感谢您的反映。")
        sup.sync()

        status = phone.status(code).json()
        assert status["step_words"] == "已办结" and status["can_rate"]
        assert status["reply"] == "您好，垃圾已清运，感谢您的反映。"
        assert "王经理" not in str(status)

        r = phone.rate(code, "dissatisfied", comment="门口又堆上了")
        assert r.status_code == 200, r.text

    sup.sync()
    dlg.reload()
    dlg.resize(900, 900)
    dlg.show()
    qtbot.wait(100)         # the old step buttons are deleted by the event loop
    assert set(dlg.action_buttons) == {"reply", "note"}      # evaluated: final
    dlg.grab().save("/tmp/wtf_case_detail_h5.png")
    rated = sup.row("cases", case["id"])
    assert rated["state"] == "evaluated" and rated["satisfaction"] == "dissatisfied"
    evaluate = [e for e in sup.cases().events(case["id"]) if e["action"] == "evaluate"]
    assert evaluate and evaluate[0]["note"] == "门口又堆上了" and not evaluate[0]["conflict"]
    # back in the supervisor's queue as a 回访核实 case
    waiting, _ = sup.cases().list(CaseQuery(queue="to_accept", path_prefix=org.codes["c1"]))
    assert len(waiting) == 1 and waiting[0]["title"].startswith("回访核实")
    assert rated["number"] in waiting[0]["description"]
    # and in the 三率 on the desktop: rated 不满意, so not resolved and not satisfied
    today = dt.date.today()
    period = dict(start=today - dt.timedelta(days=1), end=today + dt.timedelta(days=2))
    figures = three_rates.three_rates(sup.store.conn, org=org.codes["c1"], **period)
    assert figures["resident_satisfaction_rate"].denominator == 1
    assert figures["resident_satisfaction_rate"].value == 0.0
    assert three_rates.case_ids(sup.store.conn, "resident_satisfaction_rate", "rest",
                                org=org.codes["c1"], **period) == [case["id"]]
    # the city server reports the same figures, counted by the same formula
    served = sup.client.request("GET", "/indicators/three-rates", params={
        "org": org.codes["c1"], "start": period["start"].isoformat(),
        "end": period["end"].isoformat()}).json()["total"]
    desktop = three_rates.three_rates(sup.store.conn, org=org.codes["c1"],
                                      calendar=cases.calendar, **period)
    for name in three_rates.NAMES:
        assert (served[name]["numerator"], served[name]["denominator"], served[name]["value"]) \
            == (desktop[name].numerator, desktop[name].denominator, desktop[name].value), name


def test_a_residents_markup_shows_as_text_on_the_desktop(city, org, desk, qtbot):
    """The page is open to anyone: what a resident types must reach the supervisor's
    case detail as the characters typed, never as a link or an image rendered there."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from app.ui.cases.case_detail import CaseDetailDialog
    from app.ui.shell.app import create_application
    markup = '<a href="http://evil.example/pay">点此领取补贴</a><img src="file:///etc/hosts">'
    with httpx.Client(base_url=city.url, timeout=30) as browser:
        phone = Phone(browser, community=org.codes["c1"])
        assert phone.report(description=markup, place_text="<b>3号楼</b>").status_code == 200
    sup = desk(city.url, org.user("sup"))
    (case,), _ = sup.cases().list(CaseQuery(source="resident_snapshot"))
    create_application("zh_CN")
    dlg = CaseDetailDialog(sup.cases(), sup.roster(), case["id"])
    qtbot.addWidget(dlg)
    dlg.show()
    shown = [lab for lab in dlg.findChildren(QLabel) if "evil.example" in lab.text()
             or "<b>3号楼" in lab.text()]
    assert len(shown) >= 2
    for lab in shown:
        if "evil.example" in lab.text() and "font-size:18px" in lab.text():
            assert "&lt;a href" in lab.text()          # the header escapes it
        else:
            assert lab.textFormat() == Qt.PlainText, lab.text()
