"""The roster's address codes and the resident fields a roster row holds: one truth
for the desktop's roster, the roster import (which the desktop and the city server
both run, app/models/io/plan.py) and the demo street."""
from __future__ import annotations

# digits each level of the classic address shape (estate › building › unit › room;
# the street shape's are domain.addresses') adds to its parent's code (an estate's own
# number follows its grid's code and a dash: ``estate_code``)
ADDRESS_CODE_WIDTH = {"estate": 3, "building": 3, "unit": 2, "room": 4}

# what a resident's row holds besides its place (grid, household, relation, path)
RESIDENT_FIELDS = (
    "name", "id_type", "id_number", "gender", "birth_date", "ethnicity", "phone",
    "residence_type", "political_status", "education", "occupation", "work_unit",
    "marital_status", "registered_address", "moved_in_date", "status", "notes",
    "in_service_party_member", "party_member_unit",
)


def estate_code(grid_code: str, number: str) -> str:
    return f"{grid_code}-{number}"
