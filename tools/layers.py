"""The rules of the house, checked (docs/architecture.md; issue 15).

    python tools/layers.py          # prints every breach, exit 1 if there is one

- Qt (PySide6) only in ``app/ui`` (and the entry points that start it); pypinyin
  only in the roster's search; nothing of the desktop in the server, which may
  import ``app.models.domain`` (and ``app.paths`` for the shipped dictionaries),
  the named reading modules of the roster import (``SHARED_IO``: files read,
  headers recognised, rows normalised, placed and checked, the same on both sides),
  一表通's checks of a published table (``SHARED_FORMS``) and nothing else of ``app`` (``server/demo.py``, the demo seeder run from the
  desktop's checkout, is the one exception).
- ``app.models.domain`` imports no other part of GridDesk and no third-party
  package; the ``SHARED_IO`` and ``SHARED_FORMS`` modules import only the domain,
  each other and the standard library (so the server never loads Qt, the store or the desktop's
  write path through them).
- No import circles between modules (imports inside functions count too: a
  circle broken by a late import is still a circle).
- No private name (``_x``) of one module used by another.
- No source file over 800 lines.

Static (``ast``): nothing is imported or run.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "server")
MAX_LINES = 800
QT = ("PySide6", "shiboken6")
QT_ALLOWED = ("app.ui", "app.cli", "app.demo_launch", "app.__main__")
PINYIN_ALLOWED = ("app.models.roster.pinyin",)
# the roster import's reading half (app/models/io/__init__.py): the city server's
# ``import-roster`` runs it on its own database (server/import_roster.py)
SHARED_IO = tuple(f"app.models.io.{m}" for m in (
    "source", "readers", "xlsx", "text", "layout", "normalise", "columns", "lookup",
    "address", "plan"))
# 一表通's checks of a published table (the workbook is an .xlsx, the spec fillable with
# the fields a column may name): the server refuses with the same codes the desktop
# shows before it sends
SHARED_FORMS = ("app.models.forms.checks", "app.models.forms.fields")
SHARED = SHARED_IO + SHARED_FORMS     # what the server runs of app besides the domain
SERVER_MAY_IMPORT = ("app.models.domain", "app.paths") + SHARED
# packages whose __init__ imports nothing: naming one imports nothing more
EMPTY_PACKAGES = ("app", "app.models", "app.models.io", "app.models.forms")
SERVER_EXEMPT = ("server.demo",)          # seeds the demo from the desktop's checkout
DOMAIN = "app.models.domain"
STDLIB = set(sys.stdlib_module_names)


@dataclass(frozen=True)
class Import:
    module: str          # the importing module
    target: str          # the imported module (or module.name for "from m import name")
    line: int
    names: tuple = ()    # names imported with "from"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            out[module_name(path)] = path
    return out


def imports_of(name: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.append(Import(name, alias.name, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(Import(name, node.module, node.lineno,
                              tuple(a.name for a in node.names)))
    return out


def resolve(target: str, names: tuple, known: dict) -> list[str]:
    """Our modules an import statement names (``from a.b import c`` may import the
    module a.b.c or a name of a.b)."""
    found = []
    if target in known:
        found.append(target)
    for n in names:
        if f"{target}.{n}" in known:
            found.append(f"{target}.{n}")
    return found


def _under(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def check() -> list[str]:
    known = sources()
    problems: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in known}
    for mod, path in known.items():
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        if lines > MAX_LINES:
            problems.append(f"{path.relative_to(ROOT)}: {lines} lines (at most {MAX_LINES})")
        aliases: dict[str, str] = {}
        for imp in imports_of(mod, path):
            top = imp.target.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{imp.line}"
            if top in QT and not _under(mod, QT_ALLOWED):
                problems.append(f"{where}: Qt imported outside the UI ({imp.target})")
            if top == "pypinyin" and not _under(mod, PINYIN_ALLOWED):
                problems.append(f"{where}: pypinyin imported outside the roster's search")
            ours = resolve(imp.target, imp.names, known)
            if mod.startswith("server") and not _under(mod, SERVER_EXEMPT):
                if top in QT + ("pypinyin", "sqlcipher3", "PIL", "openpyxl"):
                    problems.append(f"{where}: the server imports {imp.target}")
                for o in ours:
                    if o.startswith("app") and not _under(o, SERVER_MAY_IMPORT) \
                            and o not in EMPTY_PACKAGES:
                        problems.append(f"{where}: the server imports {o} (only "
                                        "app.models.domain, app.paths and the shared "
                                        "import modules)")
            if mod in SHARED:
                for o in ours:
                    if not _under(o, (DOMAIN,)) and o not in SHARED \
                            and o not in EMPTY_PACKAGES:
                        problems.append(f"{where}: the shared import module imports {o} "
                                        "(the server runs it: only the domain and the "
                                        "other shared modules)")
                if top not in STDLIB and top not in PACKAGES:
                    problems.append(f"{where}: the shared import module imports "
                                    f"{imp.target} (the server runs it: standard library "
                                    "only)")
            if _under(mod, (DOMAIN,)):
                for o in ours:
                    if not _under(o, (DOMAIN, "app.paths")):
                        problems.append(f"{where}: the domain imports {o}")
                if top not in STDLIB and top not in PACKAGES:
                    problems.append(f"{where}: the domain imports {imp.target} "
                                    "(the domain is pure Python)")
            for n in imp.names:
                if n.startswith("_") and not n.startswith("__") and imp.target in known:
                    problems.append(f"{where}: private name {n} of {imp.target} imported")
            for o in ours:
                if o != mod:
                    graph[mod].add(o)
            if not imp.names and imp.target in known:
                aliases[imp.target.split(".")[-1]] = imp.target
            for n in imp.names:
                if f"{imp.target}.{n}" in known:
                    aliases[n] = f"{imp.target}.{n}"
        problems += _private_attributes(mod, path, aliases, known)
    problems += [f"import circle: {' -> '.join(c + [c[0]])}" for c in _cycles(graph)]
    return problems


def _private_attributes(mod: str, path: Path, aliases: dict, known: dict) -> list[str]:
    """``module._name`` where ``module`` is another module of ours."""
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.attr.startswith("_") and not node.attr.startswith("__"):
            target = aliases.get(node.value.id)
            if target and target != mod and target in known:
                out.append(f"{path.relative_to(ROOT)}:{node.lineno}: private name "
                           f"{node.attr} of {target} used")
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    problems = check()
    for p in problems:
        print(p)
    print(f"{len(problems)} breach(es) of the rules of the house" if problems
          else "the rules of the house hold")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
