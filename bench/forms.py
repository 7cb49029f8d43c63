"""一表通 benchmark (issue 20: a 12-column template filled for 5,000 residents ≤ 3 s; the
merged workbook of 20 communities ≤ 10 s).

    ./dev bench forms                       # 5,000 residents
    python bench/forms.py --residents 5000 --repeats 3

A demo street of exactly --residents people is generated into a temporary encrypted
store (not timed); a 12-column department template (title, 填表单位 line, a merged
two-level header, five blank rows and a 合计 row with a formula) is recognised and
then filled for every living resident: the read, the workbook written (the footer
moved, 5,000 rows with the template's styles, masked IDs and phones), saved and
audited. Prints JSON with each run's seconds and the best.

Then the publisher's merged workbook (app/models/forms/merge.py): --communities
returns of the same template, each a real filled workbook of --per-community rows
(the living residents of the street, the first N, filled once and returned by every
community), merged into one workbook with the community column and the footer over
all rows, saved and audited: read 20 returns, write 20 × N rows.
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
from app.models.forms.merge import Return, merge  # noqa: E402
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
    ap.add_argument("--communities", type=int, default=20)
    ap.add_argument("--per-community", type=int, default=250)
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
        # one community's return: the street's table cut to --per-community rows
        import openpyxl
        one = result
        wb = openpyxl.load_workbook(one.path)
        ws = wb.worksheets[0]
        keep = spec.data_start + args.per_community
        footer = spec.data_start + one.rows
        ws.delete_rows(keep, footer - keep)
        buf = Path(tmp) / "community-cut.xlsx"
        wb.save(buf)
        data = buf.read_bytes()
        returns = [Return(f"第{i + 1}社区", data) for i in range(args.communities)]
        merges = []
        for i in range(args.repeats):
            t0 = time.perf_counter()
            merged = merge(spec, returns, str(Path(tmp) / f"merged{i}.xlsx"), actor, store=store)
            merges.append(round(time.perf_counter() - t0, 3))
        store.close()
    print(json.dumps({"residents": args.residents, "rows_filled": rows, "columns": 12,
                      "auto_mapped": round(spec.auto_share(), 3),
                      "generate_s": round(generated, 2), "fill_s": runs, "best_s": min(runs),
                      "target_s": 3.0,
                      "merge": {"communities": args.communities, "rows": merged.rows,
                                "merge_s": merges, "best_s": min(merges), "target_s": 10.0}},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
