"""The words every screen shares for what the data calls by code: field names, kinds
of record, kinds of change, roles, the server's refusals, lists and hours. The 同步
page, its conflict inbox and the audit log name a field exactly as the forms do;
case steps are named by app/ui/cases/case_labels.py.

In Chinese a list is joined with "、" and hours read "6.45小时" (issue 17, item 10):
``joined`` and ``hours_text`` are the one way to write them for display."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from app.models.domain import rights
from app.models.domain.rules import Issue, redact_numbers


def _t(text: str) -> str:
    return QCoreApplication.translate("Words", text)


def joined(items) -> str:
    """Items of a list as one text: "a, b, c" in English, "a、b、c" in Chinese."""
    return QCoreApplication.translate("Words", ", ").join(str(i) for i in items)


def hours_text(hours: float, digits: int = 2) -> str:
    """"6.45 h" in English, "6.45小时" in Chinese (trailing zeros dropped)."""
    number = f"{hours:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{hours:.0f}"
    return QCoreApplication.translate("Words", "%1 h").replace("%1", number)


FIELDS = {
    # houses, organizations and inspections (as their dialogs name them)
    "use": QT_TRANSLATE_NOOP("Words", "House use"),
    "property_type": QT_TRANSLATE_NOOP("Words", "Property type"),
    "area": QT_TRANSLATE_NOOP("Words", "Floor area"),
    "owner_name": QT_TRANSLATE_NOOP("Words", "Owner"),
    "owner_phone": QT_TRANSLATE_NOOP("Words", "Owner's phone"),
    "landlord_name": QT_TRANSLATE_NOOP("Words", "Landlord"),
    "landlord_phone": QT_TRANSLATE_NOOP("Words", "Landlord's phone"),
    "registration_no": QT_TRANSLATE_NOOP("Words", "Rental registration number"),
    "registered_on": QT_TRANSLATE_NOOP("Words", "Registered on"),
    "checked_on": QT_TRANSLATE_NOOP("Words", "Checked on"),
    "moved_in": QT_TRANSLATE_NOOP("Words", "Moved in"),
    "moved_out": QT_TRANSLATE_NOOP("Words", "Moved out"),
    "credit_code": QT_TRANSLATE_NOOP("Words", "Unified social credit code"),
    "legal_rep": QT_TRANSLATE_NOOP("Words", "Legal representative"),
    "contact_name": QT_TRANSLATE_NOOP("Words", "Contact"),
    "contact_phone": QT_TRANSLATE_NOOP("Words", "Contact phone"),
    "job": QT_TRANSLATE_NOOP("Words", "Job"),
    "inspected_on": QT_TRANSLATE_NOOP("Words", "Inspected on"),
    "inspector": QT_TRANSLATE_NOOP("Words", "Inspector"),
    "checklist": QT_TRANSLATE_NOOP("Words", "Checklist"),
    "next_due": QT_TRANSLATE_NOOP("Words", "Re-inspection due"),
    # residents (as the resident form names them)
    "name": QT_TRANSLATE_NOOP("Words", "Name"),
    "id_type": QT_TRANSLATE_NOOP("Words", "ID type"),
    "id_number": QT_TRANSLATE_NOOP("Words", "ID number"),
    "gender": QT_TRANSLATE_NOOP("Words", "Gender"),
    "birth_date": QT_TRANSLATE_NOOP("Words", "Birth date"),
    "ethnicity": QT_TRANSLATE_NOOP("Words", "Ethnicity"),
    "phone": QT_TRANSLATE_NOOP("Words", "Phone"),
    "residence_type": QT_TRANSLATE_NOOP("Words", "Residence type"),
    "status": QT_TRANSLATE_NOOP("Words", "Status"),
    "political_status": QT_TRANSLATE_NOOP("Words", "Political status"),
    "education": QT_TRANSLATE_NOOP("Words", "Education"),
    "marital_status": QT_TRANSLATE_NOOP("Words", "Marital status"),
    "occupation": QT_TRANSLATE_NOOP("Words", "Occupation"),
    "work_unit": QT_TRANSLATE_NOOP("Words", "Work unit"),
    "registered_address": QT_TRANSLATE_NOOP("Words", "Registered address"),
    "moved_in_date": QT_TRANSLATE_NOOP("Words", "Moved in on"),
    "in_service_party_member": QT_TRANSLATE_NOOP("Words", "In-service party member"),
    "party_member_unit": QT_TRANSLATE_NOOP("Words", "Party member's unit"),
    "notes": QT_TRANSLATE_NOOP("Words", "Notes"),
    "household_id": QT_TRANSLATE_NOOP("Words", "Household"),
    "relation": QT_TRANSLATE_NOOP("Words", "Relation to head"),
    "grid_id": QT_TRANSLATE_NOOP("Words", "Grid"),
    "path": QT_TRANSLATE_NOOP("Words", "Address"),
    "move": QT_TRANSLATE_NOOP("Words", "Where the person lives"),
    # households and addresses
    "number": QT_TRANSLATE_NOOP("Words", "Number"),
    "kind": QT_TRANSLATE_NOOP("Words", "Type"),
    "room_id": QT_TRANSLATE_NOOP("Words", "Room"),
    "head_id": QT_TRANSLATE_NOOP("Words", "Head of household"),
    "code": QT_TRANSLATE_NOOP("Words", "Code"),
    "floor": QT_TRANSLATE_NOOP("Words", "Floor"),
    "parent_id": QT_TRANSLATE_NOOP("Words", "Part of"),
    "full_name": QT_TRANSLATE_NOOP("Words", "Full address"),
    # tags and visits
    "tag": QT_TRANSLATE_NOOP("Words", "Tag"),
    "since": QT_TRANSLATE_NOOP("Words", "Since"),
    "until": QT_TRANSLATE_NOOP("Words", "Tag ends"),
    "details": QT_TRANSLATE_NOOP("Words", "Details"),
    "resident_id": QT_TRANSLATE_NOOP("Words", "Resident"),
    "visited_on": QT_TRANSLATE_NOOP("Words", "Visit date"),
    "findings": QT_TRANSLATE_NOOP("Words", "Findings"),
    "visitor": QT_TRANSLATE_NOOP("Words", "Visitor"),
    "photos": QT_TRANSLATE_NOOP("Words", "Photos"),
    # cases and their steps
    "title": QT_TRANSLATE_NOOP("Words", "Title"),
    "description": QT_TRANSLATE_NOOP("Words", "Description"),
    "category": QT_TRANSLATE_NOOP("Words", "Category"),
    "source": QT_TRANSLATE_NOOP("Words", "Source"),
    "urgency": QT_TRANSLATE_NOOP("Words", "Urgency"),
    "address_id": QT_TRANSLATE_NOOP("Words", "Address"),
    "location_text": QT_TRANSLATE_NOOP("Words", "Location"),
    "lon": QT_TRANSLATE_NOOP("Words", "Longitude"),
    "lat": QT_TRANSLATE_NOOP("Words", "Latitude"),
    "reporter_name": QT_TRANSLATE_NOOP("Words", "Reporter"),
    "reporter_phone": QT_TRANSLATE_NOOP("Words", "Reporter's phone"),
    "state": QT_TRANSLATE_NOOP("Words", "State"),
    "action": QT_TRANSLATE_NOOP("Words", "Case step"),
    "note": QT_TRANSLATE_NOOP("Words", "Note"),
    "unit": QT_TRANSLATE_NOOP("Words", "Handled by"),
    "days": QT_TRANSLATE_NOOP("Words", "Days"),
    "satisfaction": QT_TRANSLATE_NOOP("Words", "Satisfaction"),
    "deadline": QT_TRANSLATE_NOOP("Words", "Deadline"),
    "resolution": QT_TRANSLATE_NOOP("Words", "Resolution"),
    "deleted_at": QT_TRANSLATE_NOOP("Words", "Deleted"),
    "level": QT_TRANSLATE_NOOP("Words", "Level"),
    # what audit records note beside a change
    "reason": QT_TRANSLATE_NOOP("Words", "Reason"),
    "field": QT_TRANSLATE_NOOP("Words", "Field"),
    "count": QT_TRANSLATE_NOOP("Words", "Count"),
    "rows": QT_TRANSLATE_NOOP("Words", "Rows"),
    "created": QT_TRANSLATE_NOOP("Words", "Added"),
    "updated": QT_TRANSLATE_NOOP("Words", "Updated"),
    "skipped": QT_TRANSLATE_NOOP("Words", "Skipped"),
    "file": QT_TRANSLATE_NOOP("Words", "File"),
    "format": QT_TRANSLATE_NOOP("Words", "Format"),
    "masked": QT_TRANSLATE_NOOP("Words", "Masked"),
    "full": QT_TRANSLATE_NOOP("Words", "Full values"),
    "period": QT_TRANSLATE_NOOP("Words", "Period"),
    "repaired": QT_TRANSLATE_NOOP("Words", "Repaired"),
    "error": QT_TRANSLATE_NOOP("Words", "Error"),
    "pruned": QT_TRANSLATE_NOOP("Words", "Removed"),
    "dictionary": QT_TRANSLATE_NOOP("Words", "Dictionary"),
    "version": QT_TRANSLATE_NOOP("Words", "Version"),
    "role": QT_TRANSLATE_NOOP("Words", "Role"),
    "scope": QT_TRANSLATE_NOOP("Words", "Scope"),
    "tokens": QT_TRANSLATE_NOOP("Words", "Sessions ended"),
    "residents": QT_TRANSLATE_NOOP("Words", "Residents"),
}


def field_label(key: str | None) -> str:
    """A field as the forms name it; a field no table knows is named "a field" rather
    than shown as its column name."""
    if not key:
        return ""
    text = FIELDS.get(key)
    return _t(text) if text else QCoreApplication.translate("Words", "Other field")


ENTITIES = {
    "residents": QT_TRANSLATE_NOOP("Words", "Resident"),
    "households": QT_TRANSLATE_NOOP("Words", "Household"),
    "addresses": QT_TRANSLATE_NOOP("Words", "Address"),
    "resident_tags": QT_TRANSLATE_NOOP("Words", "Tag"),
    "visits": QT_TRANSLATE_NOOP("Words", "Visit"),
    "cases": QT_TRANSLATE_NOOP("Words", "Case"),
    "case_events": QT_TRANSLATE_NOOP("Words", "Case step"),
    "case_residents": QT_TRANSLATE_NOOP("Words", "Case resident"),
    "star_assessments": QT_TRANSLATE_NOOP("Words", "Star assessment"),
    "org_units": QT_TRANSLATE_NOOP("Words", "Org unit"),
    "conflicts": QT_TRANSLATE_NOOP("Words", "Conflict"),
    "houses": QT_TRANSLATE_NOOP("Words", "House"),
    "house_tenants": QT_TRANSLATE_NOOP("Words", "Tenant"),
    "organizations": QT_TRANSLATE_NOOP("Words", "Organization"),
    "org_employees": QT_TRANSLATE_NOOP("Words", "Employee"),
    "inspections": QT_TRANSLATE_NOOP("Words", "Inspection"),
    "outbox": QT_TRANSLATE_NOOP("Words", "Waiting change"),
    "report": QT_TRANSLATE_NOOP("Words", "Report"),
    "users": QT_TRANSLATE_NOOP("Words", "User"),
    "devices": QT_TRANSLATE_NOOP("Words", "Computer"),
    "dictionaries": QT_TRANSLATE_NOOP("Words", "Dictionary"),
}


def entity_label(entity: str | None) -> str:
    if not entity:
        return ""
    text = ENTITIES.get(entity)
    return _t(text) if text else QCoreApplication.translate("Words", "Record")


OPS = {"create": QT_TRANSLATE_NOOP("Words", "New"), "patch": QT_TRANSLATE_NOOP("Words", "Edit"),
       "delete": QT_TRANSLATE_NOOP("Words", "Delete"),
       "transition": QT_TRANSLATE_NOOP("Words", "Case step"),
       "attach": QT_TRANSLATE_NOOP("Words", "Photo")}


def op_label(op: str | None) -> str:
    text = OPS.get(op or "")
    return _t(text) if text else QCoreApplication.translate("Words", "Change")


def role_label(role: str | None) -> str:
    """A role as the main window names it (the same translations)."""
    names = {rights.GRID_WORKER: "Grid worker", rights.GRID_HEAD: "Grid head",
             rights.COMMUNITY_SUPERVISOR: "Community supervisor",
             rights.CENTER_OPERATOR: "Center operator",
             rights.DEPT_HANDLER: "Department handler", rights.AUDITOR: "Auditor",
             rights.SECURITY: "Security officer", rights.ADMIN: "Administrator"}
    text = names.get(role or "")
    return QCoreApplication.translate("MainWindow", text) if text else ""


REFUSALS = {
    "forbidden": QT_TRANSLATE_NOOP("Words", "Your role may not make this change."),
    "not_found": QT_TRANSLATE_NOOP("Words", "The record no longer exists on the server."),
    "bad_value": QT_TRANSLATE_NOOP("Words", "A value of the change is not valid."),
    "bad_op": QT_TRANSLATE_NOOP("Words", "The change is not one the server takes."),
    "unknown_entity": QT_TRANSLATE_NOOP("Words", "The server does not know this kind of record."),
    "parent_not_found": QT_TRANSLATE_NOOP("Words", "The place it belongs to does not exist on the server."),
    "out_of_scope": QT_TRANSLATE_NOOP("Words", "The record is outside the area you work in."),
    "duplicate_id": QT_TRANSLATE_NOOP("Words", "A record with the same id already exists."),
    "id_mismatch": QT_TRANSLATE_NOOP("Words", "The change names another record than the one it changes."),
    "grid_not_found": QT_TRANSLATE_NOOP("Words", "The grid does not exist on the server."),
    "unit_not_found": QT_TRANSLATE_NOOP("Words", "The unit chosen to handle it does not exist."),
    "device_revoked": QT_TRANSLATE_NOOP("Words", "This computer was withdrawn by IT."),
    "device_required": QT_TRANSLATE_NOOP("Words", "This computer is not registered with the server."),
    "bad_resolution": QT_TRANSLATE_NOOP("Words", "That choice is not possible for this conflict."),
    "resolved": QT_TRANSLATE_NOOP("Words", "This conflict was already resolved."),
    "unknown_field": QT_TRANSLATE_NOOP("Words", "The change holds a field the server does not know."),
    "unknown_action": QT_TRANSLATE_NOOP("Words", "The server does not know this case step."),
    "too_many_held": QT_TRANSLATE_NOOP("Words", "Too many changes are waiting for earlier ones."),
    "too_large": QT_TRANSLATE_NOOP("Words", "The change is too large."),
    "sender_gone": QT_TRANSLATE_NOOP("Words", "The account that made the change no longer exists."),
    "required": QT_TRANSLATE_NOOP("Words", "A required value is missing."),
    "photo_refused": QT_TRANSLATE_NOOP("Words", "The photo was not accepted."),
    "path_mismatch": QT_TRANSLATE_NOOP("Words", "The address does not match the record's place."),
    "ordered_id": QT_TRANSLATE_NOOP("Words", "The record's id gives away when it was made."),
    "link_other_grid": QT_TRANSLATE_NOOP("Words", "The linked record belongs to another grid."),
    "link_not_found": QT_TRANSLATE_NOOP("Words", "The linked record does not exist."),
    "events_append_only": QT_TRANSLATE_NOOP("Words", "A case step cannot be changed once made."),
    "entity_required": QT_TRANSLATE_NOOP("Words", "The change does not say what it changes."),
    "derived_field": QT_TRANSLATE_NOOP("Words", "That field is worked out by the server."),
    "bad_type": QT_TRANSLATE_NOOP("Words", "A value has the wrong form."),
    "pruned_op_unknown": QT_TRANSLATE_NOOP(
        "Words", "The server was restored from an older backup that lacks this change; "
                 "its content was already removed here after the safety window."),
}


def refusal_text(last_error: str | None) -> str:
    """The server's reason for refusing a change, in words: "invalid: phone: phone.format;
    name: required" reads "联系电话：…；姓名：必填。"; a code without words, a general
    sentence (the code stays in the tooltip for IT). Numbers are masked."""
    from app.ui.common.messages import message
    text = (last_error or "").strip()
    if not text:
        return ""
    code, _, rest = text.partition(":")
    code, rest = code.strip(), rest.strip()
    if code == "invalid" and rest:
        parts = []
        for piece in rest.split(";"):
            fld, _, issue = piece.strip().partition(":")
            if not issue.strip():
                continue
            words = message(Issue(fld.strip(), issue.strip()))
            if words == issue.strip():          # a code the forms do not word
                words = QCoreApplication.translate("Words", "not valid")
            parts.append(QCoreApplication.translate("Words", "%1: %2").replace("%1", field_label(fld.strip()))
                         .replace("%2", words))
        if parts:
            return QCoreApplication.translate("Words", "; ").join(parts)
    words = REFUSALS.get(code)
    if words:
        return _t(words)
    return redact_numbers(QCoreApplication.translate("Words", "The server did not accept this change."))
