"""The one table of roles and rights (domain.md §2, 分级授权), shared by the desktop
and the city server: every role, its rights 观/管/防/评, what else it may do, whether
it may work without a scope, and the desktop pages it opens. Every set of roles in
the code (who writes the roster, who resolves conflicts, who syncs, …) is derived
here; nothing else in app/ or server/ lists roles. Qt-free, standard library only.

- 观 observe: dashboards, statistics, the map
- 管 manage: edit the roster (addresses, households, residents, tags, visits) and
  create and edit cases; export the roster
- 防 prevent: key-population tags (重点人群, PIPL sensitive), their alerts and
  follow-up visits
- 评 evaluate: indicators, satisfaction, assessment reports

Separation of duties (三权分立, 等保 2.0): the system admin (admin), the security
officer (security) and the audit admin (auditor) are distinct accounts and see no
resident data:

- admin: the org tree (it syncs the org tree alone and changes it), users, devices
  and dictionaries on the server's command line;
- security: role assignments, account unlocks and device revocation on the
  server's command line; it receives the org tree (its desktop still syncs, so its
  own audit records reach the auditor) and reads nothing else, the audit log
  included: the auditor audits the security officer too;
- auditor: reads the city's audit log and the devices' chains, nothing else.

Conflicts are resolved by the supervisors only (community and center), never by
the admin: a conflict holds resident values the admin may not see.
"""
from __future__ import annotations

from dataclasses import dataclass

# -- the rights (观/管/防/评) ---------------------------------------------------------
OBSERVE, MANAGE, PREVENT, EVALUATE = "observe", "manage", "prevent", "evaluate"
RIGHTS = (OBSERVE, MANAGE, PREVENT, EVALUATE)

# -- what else a role may do ---------------------------------------------------------
SYNC = "sync"                       # receive its scope's roster and cases, send changes,
#                                     upload photos
CASE_STEPS = "case_steps"           # take the case steps workflow.py gives its role, add
#                                     notes and photos to a case it sees
RESOLVE = "resolve_conflicts"       # decide the sync conflicts in its scope
EXPORT_FULL = "export_full_values"  # take full ID numbers and phones out in an export
READ_ORG = "read_org_tree"          # receive the org tree and nothing else
CHANGE_ORG = "change_org_tree"      # create and rename org units (sync push)
READ_AUDIT = "read_audit_log"       # the city's audit log and every device's chain
DUTIES = (SYNC, CASE_STEPS, RESOLVE, EXPORT_FULL, READ_ORG, CHANGE_ORG, READ_AUDIT)

# -- the roles ------------------------------------------------------------------------
GRID_WORKER, GRID_HEAD = "grid_worker", "grid_head"
COMMUNITY_SUPERVISOR, CENTER_OPERATOR = "community_supervisor", "center_operator"
DEPT_HANDLER = "dept_handler"
AUDITOR, SECURITY, ADMIN = "auditor", "security", "admin"

# Pages of the desktop's main window by key, in navigation order.
PAGES = ("home", "roster", "houses", "organizations", "cases", "review", "map", "statistics",
         "party", "stars", "reports", "sync", "audit", "settings")


@dataclass(frozen=True)
class Role:
    name: str
    chinese: str
    rights: frozenset[str]      # of RIGHTS
    duties: frozenset[str]      # of DUTIES
    city: bool                  # may hold no scope unit (= the whole city)
    pages: tuple[str, ...]      # of PAGES, in that order


def _role(name, chinese, rights=(), duties=(), *, city=False, pages=()) -> Role:
    return Role(name, chinese, frozenset(rights), frozenset(duties), city, tuple(pages))


_FRONTLINE_PAGES = ("home", "roster", "houses", "organizations", "cases", "review", "map",
                    "party", "sync", "settings")
_SUPERVISOR_PAGES = ("home", "roster", "houses", "organizations", "cases", "review", "map",
                     "statistics", "party", "stars", "reports", "sync", "settings")

TABLE: dict[str, Role] = {r.name: r for r in (
    _role(GRID_WORKER, "网格员", {MANAGE}, {SYNC, CASE_STEPS}, pages=_FRONTLINE_PAGES),
    _role(GRID_HEAD, "网格长", {MANAGE}, {SYNC, CASE_STEPS}, pages=_FRONTLINE_PAGES),
    _role(COMMUNITY_SUPERVISOR, "社区书记/综治专干", RIGHTS,
          {SYNC, CASE_STEPS, RESOLVE, EXPORT_FULL}, pages=_SUPERVISOR_PAGES),
    _role(CENTER_OPERATOR, "社会治理中心", RIGHTS,
          {SYNC, CASE_STEPS, RESOLVE, EXPORT_FULL}, pages=_SUPERVISOR_PAGES),
    _role(DEPT_HANDLER, "部门处置人员", (), {SYNC, CASE_STEPS},
          pages=("home", "cases", "review", "sync", "settings")),
    _role(AUDITOR, "审计管理员", (), {READ_ORG, READ_AUDIT}, city=True,
          pages=("audit", "settings")),
    _role(SECURITY, "安全管理员", (), {READ_ORG}, city=True, pages=("settings",)),
    _role(ADMIN, "系统管理员", (), {READ_ORG, CHANGE_ORG}, city=True,
          pages=("sync", "settings")),
)}
ROLES: tuple[str, ...] = tuple(TABLE)


def _holding(item: str) -> frozenset[str]:
    return frozenset(r.name for r in TABLE.values() if item in r.rights | r.duties)


# -- the sets the code asks (derived, never listed) ---------------------------------
ROSTER_WRITERS = _holding(MANAGE)        # addresses, households, residents, tags, visits
CASE_CREATORS = _holding(MANAGE)         # create and edit cases, link residents
EXPORTERS = _holding(MANAGE)             # export the roster
KEY_GROUP_ROLES = _holding(PREVENT)      # see and write key-group tags (重点人群)
CASE_ACTORS = _holding(CASE_STEPS)       # case steps, notes and photos
SYNC_ROLES = _holding(SYNC)              # the scope's roster and cases; photo uploads
ORG_READERS_ONLY = _holding(READ_ORG) - SYNC_ROLES   # receive the org tree alone
ORG_WRITERS = _holding(CHANGE_ORG)       # change the org tree
PUSHERS = SYNC_ROLES | ORG_WRITERS       # may send changes at all
CONFLICT_RESOLVERS = _holding(RESOLVE)
FULL_VALUE_EXPORTERS = _holding(EXPORT_FULL)
AUDIT_READERS = _holding(READ_AUDIT)
STAR_ASSESSORS = _holding(EVALUATE)      # 五星支部: assess, review, confirm (domain/stars.py)
# 一表通 (issue 20): a supervisor of a street or a district publishes a department's
# table to the communities below; a community's own roles fill and return it
FORM_PUBLISHERS = CONFLICT_RESOLVERS
FORM_PUBLISH_KINDS = ("street", "district")     # org_units.kind of the publisher's unit
FORM_FILLERS = EXPORTERS                        # of a community unit (kind "community")
CITY_ROLES = frozenset(r.name for r in TABLE.values() if r.city)   # may have no scope
RESIDENT_VIEWERS = frozenset(r.name for r in TABLE.values() if "roster" in r.pages)
ROLE_RIGHTS: dict[str, frozenset[str]] = {r.name: r.rights for r in TABLE.values()}
ROLE_PAGES: dict[str, tuple[str, ...]] = {r.name: r.pages for r in TABLE.values()}

# Every "may role X do Y" question, by name, with the set that answers it: the
# desktop and the server answer each one the same (tests/test_roles_parity.py).
QUESTIONS: dict[str, frozenset[str]] = {
    "observe": _holding(OBSERVE),
    "manage": _holding(MANAGE),
    "prevent": _holding(PREVENT),
    "evaluate": _holding(EVALUATE),
    "write_roster": ROSTER_WRITERS,
    "create_cases": CASE_CREATORS,
    "take_case_steps": CASE_ACTORS,
    "see_key_groups": KEY_GROUP_ROLES,
    "sync": SYNC_ROLES,
    "read_org_tree_only": ORG_READERS_ONLY,
    "change_org_tree": ORG_WRITERS,
    "push": PUSHERS,
    "resolve_conflicts": CONFLICT_RESOLVERS,
    "export": EXPORTERS,
    "export_full_values": FULL_VALUE_EXPORTERS,
    "read_audit_log": AUDIT_READERS,
    "work_without_scope": CITY_ROLES,
}


def answer(role: str, question: str) -> bool:
    """May ``role`` do ``question`` (a key of QUESTIONS)? An unknown role may nothing."""
    return role in QUESTIONS[question]


def rights(role: str) -> frozenset[str]:
    return ROLE_RIGHTS.get(role, frozenset())


def may(role: str, right: str) -> bool:
    return right in rights(role)


def pages(role: str) -> tuple[str, ...]:
    """Pages for ``role``; an unknown role gets the least (settings only)."""
    return ROLE_PAGES.get(role, ("settings",))


def sees_residents(role: str) -> bool:
    return role in RESIDENT_VIEWERS


def sees_key_groups(role: str) -> bool:
    return role in KEY_GROUP_ROLES


def writes_roster(role: str) -> bool:
    return role in ROSTER_WRITERS


def creates_cases(role: str) -> bool:
    return role in CASE_CREATORS


def resolves_conflicts(role: str) -> bool:
    return role in CONFLICT_RESOLVERS


def reads_audit_log(role: str) -> bool:
    return role in AUDIT_READERS
