"""一表通's shared checks (app/models/forms/checks.py, run by the server too): what a
published spec may hold is exactly what a desktop can open, and a workbook is checked
as a package, not by its name."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from app.models.forms import checks
from app.models.forms.template import Column, FormSpec, recognise

ROOT = Path(__file__).resolve().parent.parent


def test_the_keys_a_spec_may_hold_are_the_dataclasses():
    assert checks.SPEC_KEYS == {f.name for f in dataclasses.fields(FormSpec)} | {"version"}
    assert checks.COLUMN_KEYS == {f.name for f in dataclasses.fields(Column)}


def test_every_shipped_template_passes_and_a_changed_one_does_not():
    for path in sorted((ROOT / "resources" / "forms").glob("*.xlsx")):
        spec = recognise(str(path)).to_dict()
        assert checks.spec_problem(spec) is None, path.name
        FormSpec.from_dict(spec)                         # and it opens again
        for change, code in ((lambda s: s.update(extra=1), "spec.shape"),
                             (lambda s: s["columns"][0].update(field="no_such"), "spec.columns"),
                             (lambda s: s["columns"].append(dict(s["columns"][0])),
                              "spec.columns"),
                             (lambda s: s.update(data_start=1), "spec.layout"),
                             (lambda s: s.update(workbook_b64="%%%"), "workbook.not_xlsx")):
            bad = recognise(str(path)).to_dict()
            change(bad)
            assert checks.spec_problem(bad) == code, (path.name, code)
