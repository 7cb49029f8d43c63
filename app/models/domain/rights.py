"""Rights per role (domain.md §2, 分级授权): which of 观/管/防/评 a role holds, and
what that opens in the desktop. The server enforces the same on every request;
this is the desktop enforcing it in the UI too. Qt-free.

- 观 observe: dashboards, statistics, the map
- 管 manage: edit the roster and cases (export too)
- 防 prevent: key-population tags, their alerts and follow-up visits
- 评 evaluate: indicators, satisfaction, assessment reports

Separation of duties (三权分立): the admin, the auditor and the security
officer are distinct accounts; each sees only their own tools, and the admin
sees no resident data.
"""
from __future__ import annotations

OBSERVE, MANAGE, PREVENT, EVALUATE = "observe", "manage", "prevent", "evaluate"

ROLE_RIGHTS: dict[str, frozenset[str]] = {
    "grid_worker": frozenset({MANAGE}),
    "grid_head": frozenset({MANAGE}),
    "community_supervisor": frozenset({OBSERVE, MANAGE, PREVENT, EVALUATE}),
    "center_operator": frozenset({OBSERVE, MANAGE, PREVENT, EVALUATE}),
    "dept_handler": frozenset(),
    "auditor": frozenset(),
    "security": frozenset(),
    "admin": frozenset(),
}

# Pages of the main window by key; the window shows those a role may open.
PAGES = ("home", "roster", "cases", "review", "map", "statistics", "party", "reports",
         "sync", "audit", "settings")
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "grid_worker": ("home", "roster", "cases", "review", "map", "party", "sync", "settings"),
    "grid_head": ("home", "roster", "cases", "review", "map", "party", "sync", "settings"),
    "community_supervisor": ("home", "roster", "cases", "review", "map", "statistics", "party",
                             "reports", "sync", "settings"),
    "center_operator": ("home", "roster", "cases", "review", "map", "statistics", "party",
                        "reports", "sync", "settings"),
    "dept_handler": ("home", "cases", "review", "sync", "settings"),
    "auditor": ("audit", "settings"),
    "security": ("audit", "settings"),
    "admin": ("sync", "settings"),
}


# 防: who sees key-population tags (roster, map, home, exports; the server filters
# the same roles in every pull)
KEY_GROUP_ROLES = frozenset(r for r, granted in ROLE_RIGHTS.items() if PREVENT in granted)


def rights(role: str) -> frozenset[str]:
    return ROLE_RIGHTS.get(role, frozenset())


def may(role: str, right: str) -> bool:
    return right in rights(role)


def pages(role: str) -> tuple[str, ...]:
    """Pages for ``role``; an unknown role gets the least (settings only)."""
    return ROLE_PAGES.get(role, ("settings",))


def sees_residents(role: str) -> bool:
    return "roster" in pages(role)


def sees_key_groups(role: str) -> bool:
    return may(role, PREVENT)
