"""Roster validation rules (domain.md §3–§4): resident ID numbers, phones,
required fields, derived gender/birth date, duplicates and masking."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.models.domain import rules
from app.models.domain.rules import (
    check_id_number,
    check_phone,
    mask_id,
    mask_phone,
    validate_resident,
)

TODAY = dt.date(2026, 11, 28)

GOOD_F = "11010519491231002X"     # domain.md §4 known-good: female, 1949-12-31
GOOD_M = "440524188001010014"     # domain.md §4 known-good: male, 1880-01-01
BAD_CHECK = "110105194912310021"  # domain.md §4 known-bad check digit


def with_check(first17: str) -> str:
    return first17 + rules.id_check_char(first17)


def codes(issues, fld=None):
    return [i.code for i in issues if fld is None or i.field == fld]


def error_codes(issues, fld=None):
    return [i.code for i in issues if i.is_error and (fld is None or i.field == fld)]


def resident(**values):
    base = {"name": "张三丰", "residence_type": "registered", "id_number": GOOD_F}
    base.update(values)
    return base


# -- resident ID number -------------------------------------------------------

@pytest.mark.parametrize("number, gender, birth", [
    (GOOD_F, "F", dt.date(1949, 12, 31)),
    (GOOD_M, "M", dt.date(1880, 1, 1)),
])
def test_known_good_ids_pass_with_derived_gender_and_birth(number, gender, birth):
    info, issues = check_id_number(number, TODAY)
    assert issues == []
    assert info is not None
    assert (info.number, info.gender, info.birth_date, info.legacy) == (number, gender, birth, False)


def test_known_bad_check_digit_is_rejected():
    info, issues = check_id_number(BAD_CHECK, TODAY)
    assert info is None
    assert error_codes(issues) == ["id.checksum"]


def test_lower_case_x_accepted_and_normalized_upper():
    info, issues = check_id_number("11010519491231002x", TODAY)
    assert issues == []
    assert info.number == GOOD_F
    clean, issues = validate_resident(resident(id_number=" 11010519491231002x "), TODAY)
    assert rules.errors(issues) == []
    assert clean["id_number"] == GOOD_F


def test_full_width_id_digits_are_folded():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in GOOD_F)  # １１０１…Ｘ from a Chinese IME
    info, issues = check_id_number(full_width, TODAY)
    assert issues == []
    assert info.number == GOOD_F


def test_impossible_date_rejected_even_with_right_check_char():
    number = with_check("41010519990230123")  # 1999-02-30
    info, issues = check_id_number(number, TODAY)
    assert info is None
    assert error_codes(issues) == ["id.date_invalid"]


def test_leap_day_only_in_leap_years():
    assert check_id_number(with_check("41010520000229005"), TODAY)[1] == []
    info, issues = check_id_number(with_check("41010519000229005"), TODAY)  # 1900 is not a leap year
    assert info is None and error_codes(issues) == ["id.date_invalid"]


def test_future_birth_date_rejected_today_accepted():
    tomorrow = with_check("41010520261129001")
    info, issues = check_id_number(tomorrow, TODAY)
    assert info is None
    assert error_codes(issues) == ["id.date_future"]
    info, issues = check_id_number(with_check("41010520270101123"), TODAY)
    assert info is None and error_codes(issues) == ["id.date_future"]
    born_today = with_check("41010520261128001")
    info, issues = check_id_number(born_today, TODAY)
    assert issues == [] and info.birth_date == TODAY


@pytest.mark.parametrize("number", [GOOD_F[:17], GOOD_F + "1", "4101051990", "1" * 16, "1" * 19])
def test_wrong_length_rejected(number):
    info, issues = check_id_number(number, TODAY)
    assert info is None
    assert error_codes(issues) == ["id.length"]
    assert issues[0].params["length"] == len(number)


@pytest.mark.parametrize("number", [
    "41010519900101123A",   # a letter other than X in the check position
    "4101051990O101123X",   # letter O for zero in the body
    "X10105199001011233",   # X anywhere but the end
    "41010519900101-233",
])
def test_letters_and_symbols_rejected(number):
    info, issues = check_id_number(number, TODAY)
    assert info is None
    assert error_codes(issues) == ["id.chars"]


def test_empty_id_is_required():
    assert error_codes(check_id_number("  ", TODAY)[1]) == ["required"]


def test_legacy_15_digit_accepted_with_warning():
    info, issues = check_id_number("110105491231002", TODAY)
    assert info is not None and info.legacy
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == "F"
    assert rules.errors(issues) == []
    assert [(i.code, i.severity) for i in issues] == [("id.legacy", "warning")]
    assert check_id_number("110105491231003", TODAY)[0].gender == "M"


def test_legacy_15_digit_with_bad_date_or_letters_rejected():
    assert error_codes(check_id_number("110105490231002", TODAY)[1]) == ["id.date_invalid"]
    assert error_codes(check_id_number("11010549123100X", TODAY)[1]) == ["id.chars"]


def test_unknown_province_is_a_warning_not_an_error():
    number = with_check("99010119900101123")
    info, issues = check_id_number(number, TODAY)
    assert info is not None and info.number == number
    assert rules.errors(issues) == []
    assert [(i.code, i.severity, i.params["area"]) for i in issues] == [
        ("id.area_unknown", "warning", "990101")]
    # and it does not stop the resident from being saved
    clean, issues = validate_resident(resident(id_number=number), TODAY)
    assert rules.errors(issues) == [] and clean["id_number"] == number


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_satisfies_iso7064_mod11_2(first17):
    # Independent oracle: with the check value (X = 10) weighted 1, the sum is 1 mod 11.
    check = rules.id_check_char(first17)
    value = 10 if check == "X" else int(check)
    total = sum(int(c) * w for c, w in zip(first17, rules.ID_WEIGHTS)) + value
    assert total % 11 == 1


@given(area=st.text(alphabet="0123456789", min_size=6, max_size=6),
       birth=st.dates(min_value=dt.date(1850, 1, 1), max_value=TODAY),
       seq=st.integers(min_value=0, max_value=999),
       wrong=st.sampled_from("0123456789X"))
def test_any_id_with_computed_check_char_passes_and_a_changed_one_fails(area, birth, seq, wrong):
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    number = first17 + rules.id_check_char(first17)
    info, issues = check_id_number(number, TODAY)
    assert rules.errors(issues) == []
    assert info.birth_date == birth
    assert info.gender == ("M" if seq % 2 else "F")
    if wrong != number[-1]:
        info, issues = check_id_number(first17 + wrong, TODAY)
        assert info is None
        assert error_codes(issues) == ["id.checksum"]


# -- derived and cross-checked fields -----------------------------------------

def test_gender_and_birth_date_derived_from_id():
    clean, issues = validate_resident(resident(), TODAY)
    assert issues == []
    assert clean["gender"] == "F" and clean["birth_date"] == "1949-12-31"
    clean, _ = validate_resident(resident(id_number=GOOD_M), TODAY)
    assert clean["gender"] == "M" and clean["birth_date"] == "1880-01-01"


def test_typed_values_that_agree_with_id_are_fine():
    clean, issues = validate_resident(resident(gender="F", birth_date="1949-12-31"), TODAY)
    assert issues == []


def test_typed_gender_that_disagrees_is_an_error_on_gender():
    _, issues = validate_resident(resident(gender="M"), TODAY)
    errs = rules.errors(issues)
    assert [(i.field, i.code) for i in errs] == [("gender", "id.gender_mismatch")]
    assert errs[0].params["expected"] == "F"


def test_typed_birth_date_that_disagrees_is_an_error_on_birth_date():
    _, issues = validate_resident(resident(birth_date="1949-12-30"), TODAY)
    errs = rules.errors(issues)
    assert [(i.field, i.code) for i in errs] == [("birth_date", "id.birth_mismatch")]
    assert errs[0].params["expected"] == "1949-12-31"


def test_typed_birth_date_is_checked_on_its_own():
    # even when the ID number itself is wrong, a bad typed birth date is reported on its field
    _, issues = validate_resident(resident(id_number=BAD_CHECK, birth_date="1999-02-30"), TODAY)
    assert sorted((i.field, i.code) for i in rules.errors(issues)) == [
        ("birth_date", "date.invalid"), ("id_number", "id.checksum")]
    _, issues = validate_resident(
        resident(id_type="passport", id_number="E1", birth_date="2026-11-29"), TODAY)
    assert [(i.field, i.code) for i in rules.errors(issues)] == [("birth_date", "date.future")]


def test_other_id_types_keep_typed_birth_date_and_need_a_number():
    clean, issues = validate_resident(
        resident(id_type="passport", id_number="e12345678", birth_date="1990-05-06"), TODAY)
    assert issues == []
    assert clean["id_number"] == "E12345678" and clean["birth_date"] == "1990-05-06"
    _, issues = validate_resident(resident(id_type="passport", id_number=""), TODAY)
    assert ("id_number", "required") in [(i.field, i.code) for i in rules.errors(issues)]


# -- required fields and duplicates -------------------------------------------

def test_name_and_residence_type_are_required():
    _, issues = validate_resident({"id_number": GOOD_F}, TODAY)
    assert sorted((i.field, i.code) for i in rules.errors(issues)) == [
        ("name", "required"), ("residence_type", "required")]
    _, issues = validate_resident(resident(name="   ", residence_type=""), TODAY)
    assert {"name", "residence_type"} <= {i.field for i in rules.errors(issues)}


def test_unknown_choice_code_rejected():
    _, issues = validate_resident(resident(residence_type="tourist"), TODAY)
    assert [(i.field, i.code) for i in rules.errors(issues)] == [
        ("residence_type", "choice.invalid")]


def test_duplicate_id_in_scope_is_an_error_naming_the_other_resident():
    asked = []

    def duplicate_of(number):
        asked.append(number)
        return "张翠山" if number == GOOD_F else None

    _, issues = validate_resident(resident(id_number="11010519491231002x"), TODAY,
                                  duplicate_of=duplicate_of)
    assert asked == [GOOD_F]  # looked up in normalized form
    errs = rules.errors(issues)
    assert [(i.field, i.code, i.params["other"]) for i in errs] == [
        ("id_number", "id.duplicate", "张翠山")]
    _, issues = validate_resident(resident(id_number=GOOD_M), TODAY, duplicate_of=duplicate_of)
    assert issues == []


def test_invalid_id_is_not_reported_as_duplicate_too():
    _, issues = validate_resident(resident(id_number=BAD_CHECK), TODAY,
                                  duplicate_of=lambda n: "someone")
    assert error_codes(issues, "id_number") == ["id.checksum"]


# -- phones -------------------------------------------------------------------

@pytest.mark.parametrize("phone", ["13812345678", "19912345678", "0371-12345678", "037112345678",
                                   "010-1234567", "+86 138 1234 5678", "138-1234-5678", ""])
def test_valid_phones(phone):
    assert check_phone(phone) == []


@pytest.mark.parametrize("phone", ["12345", "2381234567", "12812345678", "1381234567",
                                   "138123456789", "0371-123", "phone", "13８1234567a"])
def test_invalid_phones(phone):
    assert codes(check_phone(phone)) == ["phone.invalid"]


def test_full_width_phone_is_normalized_and_stored_half_width():
    full_width = "１３８１２３４５６７８"
    assert check_phone(full_width) == []
    clean, issues = validate_resident(resident(phone=full_width), TODAY)
    assert issues == [] and clean["phone"] == "13812345678"
    clean, _ = validate_resident(resident(phone="０３７１－１２３４５６７８"), TODAY)
    assert clean["phone"] == "0371-12345678"
    clean, _ = validate_resident(resident(phone=" 138 1234 5678 "), TODAY)
    assert clean["phone"] == "13812345678"


def test_invalid_phone_is_an_error_on_the_phone_field():
    _, issues = validate_resident(resident(phone="12345"), TODAY)
    assert [(i.field, i.code) for i in rules.errors(issues)] == [("phone", "phone.invalid")]


# -- masking ------------------------------------------------------------------

def test_mask_id():
    assert mask_id(GOOD_F) == "1101**********002X"
    assert mask_id("410105199001011233") == "4101**********1233"
    assert mask_id("110105491231002") == "1101*******1002"
    assert mask_id(None) == "" and mask_id("") == ""
    assert GOOD_F[4:14] not in mask_id(GOOD_F)  # birth date and area detail hidden


def test_mask_phone():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0371-12345678") == "0371-****5678"
    assert mask_phone(None) == "" and mask_phone("") == ""
