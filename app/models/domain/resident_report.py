"""What a resident sees and chooses on the 随手拍 page (issue 21), shared by the server
that serves the page and the desktop that words the same cases.

- ``CHOICES``: a short list in plain words, each mapped to a category of the case
  dictionary (categories.py); the page never shows the dictionary's own terms.
- ``STEPS``: the three steps a resident follows (已受理、处理中、已办结), from the
  case's state (workflow.py); the state names, holders and notes stay inside.
- ``RATINGS``: 满意、基本满意、不满意 -> the state machine's satisfaction codes.
- ``normal_phone``: the phone number the page takes (a mainland mobile number).
"""
from __future__ import annotations

import re

from app.models.domain import workflow

# (code the page sends, words the page shows, dictionary category)
CHOICES: tuple[tuple[str, str, str], ...] = (
    ("garbage", "垃圾没清、环境脏乱", "exposed_garbage"),
    ("clutter", "乱堆乱放、占道", "piled_materials"),
    ("ads", "小广告、乱涂乱画", "illegal_ads"),
    ("streetlight", "路灯不亮", "streetlight_out"),
    ("manhole", "井盖丢失或损坏", "manhole_cover"),
    ("road", "道路坑洼破损", "damaged_road"),
    ("building", "私搭乱建", "illegal_construction"),
    ("fire", "消防、燃气安全隐患", "fire_hazard"),
    ("ebike", "电动车进楼入户充电", "ebike_indoor_charging"),
    ("falling", "高空坠物隐患", "falling_objects"),
    ("dispute", "邻里矛盾纠纷", "neighbour_dispute"),
    ("other", "其他问题", "other"),
)
CATEGORY_OF = {code: category for code, _words, category in CHOICES}

RECEIVED, IN_PROGRESS, DONE, NOT_ACCEPTED = "received", "in_progress", "done", "not_accepted"
STEP_WORDS = {RECEIVED: "已受理", IN_PROGRESS: "处理中", DONE: "已办结",
              NOT_ACCEPTED: "不予受理"}
STEPS = (RECEIVED, IN_PROGRESS, DONE)
_STEP_OF_STATE = {
    workflow.DRAFT: RECEIVED, workflow.REPORTED: RECEIVED, workflow.ACCEPTED: RECEIVED,
    workflow.DISPATCHED: IN_PROGRESS, workflow.HANDLING: IN_PROGRESS,
    workflow.HANDLED: IN_PROGRESS,
    workflow.CLOSED: DONE, workflow.EVALUATED: DONE, workflow.REJECTED: NOT_ACCEPTED,
}


def step_of(state: str | None) -> str:
    return _STEP_OF_STATE.get(state or "", RECEIVED)


RATINGS = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
assert tuple(RATINGS) == workflow.SATISFACTION
DISSATISFIED = "dissatisfied"

MAX_DESCRIPTION = 500
MAX_COMMENT = 300
MAX_PLACE = 100
MAX_PHOTOS = 3
_PHONE = re.compile(r"^1[3-9][0-9]{9}$")


def normal_phone(value) -> str | None:
    """The 11-digit mobile number in ``value`` (spaces, dashes and +86 allowed), or
    None when it is not one."""
    if not isinstance(value, str) or len(value) > 30:
        return None
    digits = re.sub(r"[\s\-]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits if _PHONE.match(digits) else None
