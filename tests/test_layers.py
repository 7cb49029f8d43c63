"""The rules of the house hold (tools/layers.py, docs/architecture.md): Qt only in the
UI, the server only with the domain, no import circles, no private names across
modules, no file over 800 lines; and the city server starts without Qt or pypinyin."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import layers  # noqa: E402


def test_the_rules_of_the_house_hold():
    assert layers.check() == []


def _imported(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in out.stderr.splitlines()
            if line.startswith("import time:")}


def test_the_server_loads_neither_qt_nor_the_desktops_libraries():
    desktop = ("PySide6", "pypinyin", "sqlcipher3", "PIL", "openpyxl", "keyring")
    for args in (("-m", "server", "--help"), ("-c", "import server.app")):
        loaded = _imported(*args)
        assert not {m for m in loaded if m.split(".")[0] in desktop}, args
        ours = {m for m in loaded if m.startswith("app.")}
        assert all(m.startswith(("app.models.domain", "app.paths", "app.models"))
                   for m in ours), sorted(ours)
        assert "app.models.store" not in {m.rsplit(".", 1)[0] for m in ours}


def test_the_checker_finds_what_it_is_for(tmp_path, monkeypatch):
    """A planted breach of each kind is reported (the checker is not vacuous)."""
    pkg = tmp_path / "app"
    (pkg / "models" / "domain").mkdir(parents=True)
    (pkg / "ui").mkdir()
    for d in (pkg, pkg / "models", pkg / "models" / "domain", pkg / "ui"):
        (d / "__init__.py").write_text("")
    (pkg / "models" / "domain" / "rules.py").write_text("import PySide6\nimport requests\n")
    (pkg / "models" / "a.py").write_text("from app.models import b\n")
    (pkg / "models" / "b.py").write_text("from app.models.a import _secret\n" + "x = 1\n" * 801)
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "__init__.py").write_text("")
    (tmp_path / "server" / "app.py").write_text("from app.models import a\n")
    monkeypatch.setattr(layers, "ROOT", tmp_path)
    found = "\n".join(layers.check())
    for expected in ("Qt imported outside the UI", "the domain imports requests",
                     "import circle", "private name _secret", "lines (at most 800)",
                     "the server imports"):
        assert expected in found, (expected, found)
