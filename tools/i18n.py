"""Keep translations current: ``python tools/i18n.py`` runs lupdate over app/ui and
lrelease, and lists any zh_CN message still unfinished (exit 1 if there are any).

``python tools/i18n.py --fill FILE.json`` first fills unfinished messages from a JSON
object {source text: translation} (or {"Context|source": translation} where the same
English words need different Chinese in different places), so several people can
translate their own pages without hand-editing the shared XML."""
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


def fill(mapping: dict[str, str], ts: Path = TS) -> int:
    tree = ET.parse(ts)
    done = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr.get("type") != "unfinished":
                continue
            src = msg.findtext("source")
            text = mapping.get(f"{name}|{src}", mapping.get(src))
            if not text:
                continue
            if msg.get("numerus"):   # Chinese has one plural form
                forms = tr.findall("numerusform") or [ET.SubElement(tr, "numerusform")]
                for form in forms:
                    form.text = text
            else:
                tr.text = text
            del tr.attrib["type"]
            done += 1
    ET.indent(tree, space="    ")
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return done


def main() -> int:
    args = sys.argv[1:]
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources(), "-no-obsolete", "-ts", str(TS)],
                   cwd=ROOT, check=True)
    if args[:1] == ["--fill"]:
        import json
        print("filled", fill(json.loads(Path(args[1]).read_text(encoding="utf-8"))))
        # lupdate again so the file keeps Qt's own layout (small diffs)
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
