"""Wording for the validation codes that app.models.domain.rules returns."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.models.domain import choices as d
from app.models.domain.rules import Issue


def message(issue: Issue) -> str:
    p = dict(issue.params)
    code = issue.code
    if code == "required":
        return QCoreApplication.translate("Messages", "Required.")
    if code == "reveal.reason_required":
        return QCoreApplication.translate("Messages", "Say why you need the full value.")
    if code == "id.length":
        return QCoreApplication.translate("Messages", "An ID number has 18 characters (or 15 for an old one); this has %1.").replace(
            "%1", str(p.get("length", "")))
    if code == "id.chars":
        return QCoreApplication.translate("Messages", "Use digits only, with X allowed as the last character.")
    if code == "id.checksum":
        return QCoreApplication.translate("Messages", "The check character does not match: a digit is probably mistyped.")
    if code == "id.date_invalid":
        return QCoreApplication.translate("Messages", "The birth date inside the ID number is not a real date.")
    if code == "id.date_future":
        return QCoreApplication.translate("Messages", "The birth date inside the ID number is in the future.")
    if code == "id.area_unknown":
        return QCoreApplication.translate("Messages", "Unknown area code %1: please check the first digits.").replace(
            "%1", str(p.get("area", "")))
    if code == "id.legacy":
        return QCoreApplication.translate("Messages", "Old 15-digit ID number: it is saved as its 18-digit form; please confirm that with the person.")
    if code == "id.invisible_removed":
        return QCoreApplication.translate("Messages", "Invisible characters (zero-width spaces or direction marks) pasted inside the ID number were removed.")
    if code == "id.gender_mismatch":
        expected = d.GENDERS.get(str(p.get("expected")))
        from app.ui.common.i18n import label
        return QCoreApplication.translate("Messages", "The ID number says %1.").replace("%1", label(expected))
    if code == "id.birth_mismatch":
        return QCoreApplication.translate("Messages", "The ID number says %1.").replace("%1", str(p.get("expected", "")))
    if code == "id.duplicate":
        return QCoreApplication.translate("Messages", "This ID number is already registered for %1.").replace(
            "%1", str(p.get("other", "")))
    if code == "phone.invalid":
        return QCoreApplication.translate("Messages", "Enter an 11-digit mobile number (13x–19x) or a landline such as 0371-12345678.")
    if code == "date.invalid":
        return QCoreApplication.translate("Messages", "Enter a date as YYYY-MM-DD, e.g. 2026-11-28.")
    if code == "date.future":
        return QCoreApplication.translate("Messages", "The date cannot be in the future.")
    if code == "date.before_start":
        return QCoreApplication.translate("Messages", "The end date is before the start date.")
    if code == "text.too_long":
        return QCoreApplication.translate("Messages", "Too long: at most %1 characters.").replace("%1", str(p.get("max", "")))
    if code == "choice.invalid":
        return QCoreApplication.translate("Messages", "Choose a value from the list.")
    if code == "household.has_head":
        return QCoreApplication.translate("Messages", "This household already has a head.")
    if code == "photo.not_image":
        return QCoreApplication.translate("Messages", "This file is not a photo (JPEG, PNG, …).")
    if code == "photo.too_large":
        return QCoreApplication.translate("Messages", "The photo is too large: at most %1 MB.").replace(
            "%1", str(p.get("max_mb", 30)))
    if code == "photo.unreadable":
        return QCoreApplication.translate("Messages", "The file cannot be read.")
    if code == "not_found":
        return QCoreApplication.translate("Messages", "Not found: it may have been removed.")
    if code == "case.what_missing":
        return QCoreApplication.translate("Messages", "Say what is wrong: add a description or a photo.")
    if code == "case.place_missing":
        return QCoreApplication.translate("Messages", "Say where: choose the address in the tree, describe the place, or give its position.")
    if code == "case_no.invalid":
        return QCoreApplication.translate("Messages", "Not a case number this computer gives.")
    if code == "case.exists":
        return QCoreApplication.translate("Messages", "This finding is already case %1.").replace(
            "%1", str(p.get("number", "")))
    if code == "location.invalid":
        return QCoreApplication.translate("Messages", "The coordinates are outside the city.")
    if code == "credit.length":
        return QCoreApplication.translate("Messages", "A unified social credit code has 18 characters; this has %1.").replace(
            "%1", str(p.get("length", "")))
    if code == "credit.chars":
        return QCoreApplication.translate("Messages", "“%1” cannot be in a credit code: use digits and the capital letters A–Y except I, O, S, V and Z (O is probably a zero).").replace(
            "%1", str(p.get("char", "")))
    if code == "credit.checksum":
        return QCoreApplication.translate("Messages", "The last character does not match the credit code: a character is probably mistyped.")
    if code == "credit.not_clean":
        return QCoreApplication.translate("Messages", "Type the credit code in capital letters without spaces.")
    if code == "credit.duplicate":
        return QCoreApplication.translate("Messages", "This credit code is already registered for %1.").replace(
            "%1", str(p.get("other", "")))
    if code == "area.invalid":
        return QCoreApplication.translate("Messages", "Enter the floor area in square metres, a number above 0 and at most %1.").replace(
            "%1", str(p.get("max", "")))
    if code == "checklist.invalid":
        return QCoreApplication.translate("Messages", "The checklist holds an item or a result that is not on the list.")
    if code == "house.exists":
        return QCoreApplication.translate("Messages", "This address is already registered as a house.")
    if code == "tenant.already":
        return QCoreApplication.translate("Messages", "This person already rents here and has not moved out.")
    if code == "inspection.has_case":
        return QCoreApplication.translate("Messages", "This inspection has already been turned into a case.")
    if code == "inspection.no_hazard":
        return QCoreApplication.translate("Messages", "The inspection found no hazard.")
    if code == "address.exists":
        return QCoreApplication.translate("Messages", "This address number already exists here.")
    if code in ("address.code", "address.parent"):
        return QCoreApplication.translate("Messages", "The address does not fit the address tree.")
    return code
