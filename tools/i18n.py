"""Keep translations current: ``python tools/i18n.py`` runs lupdate over app/ui and
lrelease, and lists any zh_CN message still unfinished (exit 1 if there are any)."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "griddesk_zh_CN.ts"
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app" / "ui").rglob("*.py"))


def unfinished(ts: Path = TS) -> list[str]:
    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        forms = [f.text for f in tr.findall("numerusform")] if msg.get("numerus") else [tr.text]
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            out.append(msg.findtext("source"))
    return out


def main() -> int:
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources(), "-no-obsolete", "-ts", str(TS)],
                   cwd=ROOT, check=True)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))],
                   cwd=ROOT, check=True)
    missing = unfinished()
    for text in missing:
        print("unfinished:", text)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
