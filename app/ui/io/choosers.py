"""The file choosers of the import wizard, the export dialog and the template
(tests replace these two functions: every caller reaches them through this module)."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

XLSX_FILTER = "Excel (*.xlsx)"


def choose_open_path(parent, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def choose_save_path(parent, title: str, default_name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, default_name, filters)
    if path and not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    return path
