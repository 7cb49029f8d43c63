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


LEVEL_COLORS = {"normal": QColor("#15803d"), "yellow": QColor("#b45309"), "red": QColor("#b91c1c")}


def countdown_text(remaining) -> str:
    """'3天4小时' / '2小时' / '超期 5小时' from a timedelta (wall-clock)."""
    if remaining is None:
        return ""
    secs = int(remaining.total_seconds())
    overdue = secs < 0
    secs = abs(secs)
    days, rest = divmod(secs, 86400)
    hours = rest // 3600
    if days:
        text = QCoreApplication.translate("Cases", "%1 d %2 h").replace("%1", str(days)).replace(
            "%2", str(hours))
    else:
        text = QCoreApplication.translate("Cases", "%1 h").replace("%1", str(max(hours, 0)))
    if overdue:
        return QCoreApplication.translate("Cases", "overdue %1").replace("%1", text)
    return text
