"""一表通 benchmark (issue 20: a 12-column template filled for 5,000 residents ≤ 3 s).

    ./dev bench forms                       # 5,000 residents
    python bench/forms.py --residents 5000 --repeats 3

A demo street of exactly --residents people is generated into a temporary encrypted
store (not timed); a 12-column department template (title, 填表单位 line, a merged
two-level header, five blank rows and a 合计 row with a formula) is recognised and
then filled for every living resident: the read, the workbook written (the footer
moved, 5,000 rows with the template's styles, masked IDs and phones), saved and
audited. Prints JSON with each run's seconds and the best.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.models.demo import street as demo  # noqa: E402
from app.models.forms.fill import fill  # noqa: E402
from app.models.forms.population import Population  # noqa: E402
from app.models.forms.template import recognise  # noqa: E402
from app.models.store.database import open_store  # noqa: E402
from app.models.write.unit import Actor  # noqa: E402

TODAY = dt.date(2026, 11, 28)
HEADERS = [("序号", None), ("姓名", None), ("性别", None), ("身份证号码", None),
           ("出生日期", None), ("年龄", None), ("联系电话", None), ("现住址", None),
           ("家庭情况", "家庭人口"), ("家庭情况", "是否独居"), ("所属网格", None), ("备注", None)]


def make_template(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Border, Side
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.merge_cells("A1:L1")
    ws["A1"] = "居民基本信息统计表"
    ws["A2"] = "填表单位："
    ws["H2"] = "填表日期：    年  月  日"
    ws.merge_cells("I3:J3")
    for col, (top, sub) in enumerate(HEADERS, start=1):
        if sub is None:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
            ws.cell(3, col, top)
        else:
            if ws.cell(3, col).value is None and col == 9:
                ws.cell(3, col, top)
            ws.cell(4, col, sub)
        for r in range(5, 10):
            ws.cell(r, col).border = box
            ws.cell(r, col).number_format = "@" if col in (4, 7) else (
                "yyyy-mm-dd" if col == 5 else "General")
    ws["A10"] = "合计"
    ws["C10"] = '=COUNTA(B5:B9)&"人"'
    ws["A11"] = "填表人：        审核人："
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store")
        t0 = time.perf_counter()
        demo.generate(store, args.residents, seed=1, today=TODAY, geometry=False)
        generated = time.perf_counter() - t0
        template = Path(tmp) / "template.xlsx"
        make_template(template)
        spec = recognise(str(template))
        assert len(spec.columns) == 12, spec.columns
        spec.population = Population()
        actor = Actor("bench", "基准", "community_supervisor", "")
        runs, rows = [], 0
        for i in range(args.repeats):
            t0 = time.perf_counter()
            result = fill(store, spec, str(Path(tmp) / f"out{i}.xlsx"), actor, today=TODAY)
            runs.append(round(time.perf_counter() - t0, 3))
            rows = result.rows
        store.close()
    print(json.dumps({"residents": args.residents, "rows_filled": rows, "columns": 12,
                      "auto_mapped": round(spec.auto_share(), 3),
                      "generate_s": round(generated, 2), "fill_s": runs, "best_s": min(runs),
                      "target_s": 3.0}, ensure_ascii=False))


if __name__ == "__main__":
    main()
