"""Words for case states, actions, levels and satisfaction in the UI language."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor


def state_label(state: str) -> str:
    t = {
        "draft": QCoreApplication.translate("Cases", "Draft"),
        "reported": QCoreApplication.translate("Cases", "To accept"),
        "accepted": QCoreApplication.translate("Cases", "Accepted"),
        "dispatched": QCoreApplication.translate("Cases", "Dispatched"),
        "handling": QCoreApplication.translate("Cases", "Handling"),
        "handled": QCoreApplication.translate("Cases", "To verify"),
        "closed": QCoreApplication.translate("Cases", "Closed"),
        "evaluated": QCoreApplication.translate("Cases", "Evaluated"),
        "rejected": QCoreApplication.translate("Cases", "Rejected"),
    }
    return t.get(state, state)


def action_label(action: str) -> str:
    t = {
        "report": QCoreApplication.translate("Cases", "Report"),
        "accept": QCoreApplication.translate("Cases", "Accept"),
        "reject": QCoreApplication.translate("Cases", "Reject"),
        "self_handle": QCoreApplication.translate("Cases", "Handle myself"),
        "dispatch": QCoreApplication.translate("Cases", "Dispatch"),
        "escalate": QCoreApplication.translate("Cases", "Escalate"),
        "return": QCoreApplication.translate("Cases", "Return"),
        "sign": QCoreApplication.translate("Cases", "Sign for"),
        "feedback": QCoreApplication.translate("Cases", "Report handled"),
        "verify_pass": QCoreApplication.translate("Cases", "Verify: pass"),
        "verify_fail": QCoreApplication.translate("Cases", "Verify: fail"),
        "evaluate": QCoreApplication.translate("Cases", "Evaluate"),
        "request_extension": QCoreApplication.translate("Cases", "Request extension"),
        "approve_extension": QCoreApplication.translate("Cases", "Approve extension"),
        "deny_extension": QCoreApplication.translate("Cases", "Deny extension"),
        "supervise": QCoreApplication.translate("Cases", "Supervise"),
        "note": QCoreApplication.translate("Cases", "Note"),
        "photo": QCoreApplication.translate("Cases", "Add photos"),
        "reply": QCoreApplication.translate("Cases", "Reply to the resident"),
    }
    return t.get(action, action)


def level_label(level: str) -> str:
    return {
        "normal": QCoreApplication.translate("Cases", "On time"),
        "yellow": QCoreApplication.translate("Cases", "Nearly due"),
        "red": QCoreApplication.translate("Cases", "Overdue"),
    }.get(level, level)


def supervision_label(level: str) -> str:
    return {
        "normal": QCoreApplication.translate("Cases", "None"),
        "yellow": QCoreApplication.translate("Cases", "Yellow card"),
        "red": QCoreApplication.translate("Cases", "Red card"),
    }.get(level, level)


def satisfaction_label(value: str) -> str:
    return {
        "satisfied": QCoreApplication.translate("Cases", "Satisfied"),
        "basically_satisfied": QCoreApplication.translate("Cases", "Basically satisfied"),
        "dissatisfied": QCoreApplication.translate("Cases", "Dissatisfied"),
    }.get(value, value)


def transition_error(code: str) -> str:
    return {
        "case_closed": QCoreApplication.translate("Cases", "The case is closed; it cannot be changed."),
        "wrong_state": QCoreApplication.translate("Cases", "This step does not fit the case's current state."),
        "role_not_allowed": QCoreApplication.translate("Cases", "Your role may not take this step."),
        "self_handle_not_allowed": QCoreApplication.translate(
            "Cases", "This category must be dispatched; it cannot be handled by the grid worker."),
        "dispatch_needs_target": QCoreApplication.translate("Cases", "Choose who handles the case."),
        "escalate_needs_level": QCoreApplication.translate("Cases", "Choose the level to escalate to."),
        "extension_days": QCoreApplication.translate("Cases", "Ask for 1 to 30 working days."),
        "extension_pending": QCoreApplication.translate("Cases", "An extension request is already waiting."),
        "no_extension_pending": QCoreApplication.translate("Cases", "No extension request is waiting."),
        "supervision_level": QCoreApplication.translate("Cases", "Choose a yellow or red card."),
        "satisfaction_value": QCoreApplication.translate("Cases", "Choose how satisfied the resident is."),
    }.get(code, code)


# One colour scale for time left (app/models/cases/countdown.py): green, amber and red
# apart in hue (140°, 40°, 0°), each at least 4.5:1 against the table's white and
# alternate rows. The levels of the 80 % rule (home page, map) take the same colours.
BAND_COLORS = {"green": QColor("#166534"), "amber": QColor("#8a5a00"), "red": QColor("#b91c1c")}
LEVEL_COLORS = {"normal": BAND_COLORS["green"], "yellow": BAND_COLORS["amber"],
                "red": BAND_COLORS["red"]}


def _span(delta, hours_per_day: float | None = None, *, round_up: bool = False) -> str:
    """'35分钟', '2小时15分', '3天2小时' (days of ``hours_per_day`` working hours when
    given, else calendar days): never '0小时'."""
    secs = max(0, int(delta.total_seconds()))
    minutes = -(-secs // 60) if round_up else secs // 60
    minutes = max(minutes, 1)
    day_minutes = int(round((hours_per_day or 24) * 60))
    days, rest = divmod(minutes, day_minutes)
    hours, mins = divmod(rest, 60)
    if days and not hours:      # "剩 2个工作日", not "2个工作日0小时"
        unit = (QCoreApplication.translate("Cases", "%1 working d") if hours_per_day
                else QCoreApplication.translate("Cases", "%1 d"))
        return unit.replace("%1", str(days))
    if days:
        unit = (QCoreApplication.translate("Cases", "%1 working d %2 h") if hours_per_day
                else QCoreApplication.translate("Cases", "%1 d %2 h"))
        return unit.replace("%1", str(days)).replace("%2", str(hours))
    if hours and not mins:
        return QCoreApplication.translate("Cases", "%1 h").replace("%1", str(hours))
    if hours:
        return QCoreApplication.translate("Cases", "%1 h %2 min").replace("%1", str(hours)).replace("%2", str(mins))
    return QCoreApplication.translate("Cases", "%1 min").replace("%1", str(mins))


def countdown_text(remaining) -> str:
    """A case's time left: '剩 35分钟', '剩 2小时15分', '超期 2小时15分', and for a case
    waiting to be accepted '受理剩 35分钟'. ``remaining`` is a ``Countdown``
    (app/models/cases/countdown.py) or a wall-clock timedelta (negative: overdue)."""
    if remaining is None:
        return ""
    kind = getattr(remaining, "kind", "deadline")
    if hasattr(remaining, "band"):
        overdue = remaining.band == "red"
        span = (_span(remaining.overdue) if overdue else
                _span(remaining.left, remaining.hours_per_day, round_up=True))
    else:
        overdue = remaining.total_seconds() < 0
        span = _span(abs(remaining), round_up=not overdue)
    if overdue:
        text = QCoreApplication.translate("Cases", "overdue %1").replace("%1", span)
        return QCoreApplication.translate("Cases", "acceptance %1").replace("%1", text) if kind == "accept" else text
    if kind == "accept":
        return QCoreApplication.translate("Cases", "%1 left to accept").replace("%1", span)
    return QCoreApplication.translate("Cases", "%1 left").replace("%1", span)


def band_color(countdown) -> QColor | None:
    return BAND_COLORS.get(countdown.band) if countdown is not None else None
