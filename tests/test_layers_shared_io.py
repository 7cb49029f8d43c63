"""The server may run the roster import's reading half and nothing else of the desktop
(tools/layers.py ``SHARED_IO``; issue 22): those modules stay pure, and the server
importing any other part of ``app.models.io`` is a breach."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import layers  # noqa: E402


def _tree(tmp_path: Path, files: dict[str, str]) -> None:
    for pkg in ("app", "app/models", "app/models/io", "app/models/domain",
                "app/models/store", "server"):
        (tmp_path / pkg).mkdir(parents=True, exist_ok=True)
        (tmp_path / pkg / "__init__.py").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)


def test_the_server_may_import_the_shared_reading_modules_only(tmp_path, monkeypatch):
    _tree(tmp_path, {
        "app/models/domain/rules.py": "",
        "app/models/store/database.py": "",
        "app/models/io/plan.py": "from app.models.domain import rules\n"
                                 "from app.models.io import columns\n",
        "app/models/io/columns.py": "import re\n",
        "app/models/io/commit.py": "from app.models.store import database\n",
        "server/good.py": "from app.models.io import plan\nfrom app.models.io.plan import x\n",
        "server/bad.py": "from app.models.io import commit\n",
    })
    monkeypatch.setattr(layers, "ROOT", tmp_path)
    found = layers.check()
    assert [p for p in found if "server/good.py" in p] == []
    assert any("server/bad.py" in p and "app.models.io.commit" in p for p in found), found


def test_a_shared_module_that_reaches_for_the_store_or_a_library_is_a_breach(
        tmp_path, monkeypatch):
    _tree(tmp_path, {
        "app/models/store/database.py": "",
        "app/models/io/address.py": "from app.models.store import database\n",
        "app/models/io/xlsx.py": "import openpyxl\n",
        "app/models/io/readers.py": "from app.models.io import xlsx\nimport zipfile\n",
    })
    monkeypatch.setattr(layers, "ROOT", tmp_path)
    found = "\n".join(layers.check())
    assert "app/models/io/address.py:1: the shared import module imports " \
           "app.models.store.database" in found
    assert "app/models/io/xlsx.py:1: the shared import module imports openpyxl" in found
    assert "readers.py" not in found


def test_the_real_tree_keeps_the_rule():
    assert [p for p in layers.check() if "shared import module" in p
            or "the server imports" in p] == []


def test_the_import_command_loads_no_desktop_library_store_or_write_path():
    """What ``python -m server import-roster`` loads when it runs, not only what its
    files name: no Qt, SQLCipher, openpyxl or Pillow, and of app/ only the domain and
    the shared reading modules."""
    import subprocess
    out = subprocess.run([sys.executable, "-X", "importtime", "-c",
                          "import server.import_roster, server.__main__"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    loaded = {line.split("|")[-1].strip() for line in out.stderr.splitlines()
              if line.startswith("import time:")}
    assert "server.import_roster" in loaded
    desktop = ("PySide6", "pypinyin", "sqlcipher3", "PIL", "openpyxl", "keyring")
    assert not {m for m in loaded if m.split(".")[0] in desktop}
    ours = {m for m in loaded if m.startswith("app.")}
    assert {m for m in ours if m.startswith("app.models.io.")} <= set(layers.SHARED_IO)
    assert not {m for m in ours if m.startswith(("app.models.store", "app.models.write",
                                                 "app.models.roster", "app.ui", "app.sync"))}
