"""The wizard's last page: what the import did."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.models.io.commit import ImportResult
from app.ui.io.wording import count_text


class SummaryStep(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("summaryTitle")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.text = QLabel()
        self.text.setObjectName("summaryText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.report = QPushButton(self.tr("Save error report…"))
        self.report.setObjectName("summaryReport")
        self.report.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.report, 0, Qt.AlignLeft)
        layout.addStretch()

    def show_result(self, result: ImportResult, seconds: float) -> None:
        self.title.setText(self.tr("Import finished"))
        lines = [self.tr("%1 new residents, %2 updated, %3 already up to date, %4 skipped.")
                 .replace("%1", count_text(result.created))
                 .replace("%2", count_text(result.updated))
                 .replace("%3", count_text(result.unchanged))
                 .replace("%4", count_text(result.skipped)),
                 self.tr("%1 new households and %2 new address nodes.")
                 .replace("%1", count_text(result.new_households))
                 .replace("%2", count_text(result.new_addresses)),
                 self.tr("Time: %1 s. The import is in the audit log and waits to sync.")
                 .replace("%1", f"{seconds:.1f}")]
        if result.not_imported:
            lines.append(self.tr("%1 row(s) were not imported: save the error report, correct "
                                 "them and import the report again.").replace(
                                     "%1", count_text(result.not_imported)))
        self.text.setText("\n".join(lines))
        self.report.setVisible(bool(result.not_imported))
