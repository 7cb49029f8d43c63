"""一表通: open a department's template, check the recognised columns (pick a field for
the ones left), choose who the table lists, fill it and save the workbook, and see
the 待补录 list. The work is app.models.forms; the fill runs off the GUI thread on a
connection of its own (it reads the roster and writes one audit record)."""
from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.domain import choices as d
from app.models.domain import places as p
from app.models.domain import rights
from app.models.forms import fields as ff
from app.models.forms.fill import FillResult, fill
from app.models.forms.population import Population
from app.models.forms.template import FormSpec, TemplateProblem, recognise
from app.models.io.exporter import ExportRefused
from app.models.store.database import ConnectionStore
from app.sync import forms_client
from app.ui.common.i18n import current_lang
from app.ui.common.threads import run_task
from app.ui.common.widgets import DateField
from app.ui.forms.tasks import PublishDialog, may_publish, server_error_text

UNMAPPED = QColor("#FEF3C7")
ANY = None


def subject_name(subject: str) -> str:
    return {"residents": Q.translate("Forms", "Residents"),
            "houses": Q.translate("Forms", "Rented houses"),
            "organizations": Q.translate("Forms", "Organizations")}.get(subject, subject)


def refusal_text(code: str) -> str:
    texts = {
        "export": Q.translate("Forms", "Your role may not fill tables from the roster."),
        "full_values": Q.translate("Forms", "Your role may not take full values out."),
        "reason_required": Q.translate("Forms", "Say why full values are needed."),
        "key_groups": Q.translate("Forms", "Key groups go out only with the right to see them."),
        "form.unreadable": Q.translate("Forms", "This file cannot be read: save it as .xlsx."),
        "form.no_header": Q.translate("Forms", "No table header in the first 30 rows."),
    }
    return texts.get(code, code)


class FormsDialog(QDialog):
    """One dialog, top to bottom: template, columns, population, fill, gaps."""

    def __init__(self, store, actor_of, grids: list[dict], parent=None, *,
                 task: dict | None = None, publisher: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fill a department's table (一表通)"))
        self.setObjectName("formsDialog")
        self.store = store
        self.actor_of = actor_of
        self.spec: FormSpec | None = None
        self.result: FillResult | None = None
        self.task = task                 # a published table to fill and return (tasks.py)
        self.published: dict | None = None

        self.open_button = QPushButton(self.tr("Open template…"))
        self.open_button.setObjectName("formsOpen")
        self.open_button.clicked.connect(self.choose_template)
        self.load_button = QPushButton(self.tr("Open saved mapping…"))
        self.load_button.clicked.connect(self.choose_mapping)
        self.template_label = QLabel(self.tr("No template open."))
        self.template_label.setObjectName("formsTemplate")
        self.template_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.load_button)
        top.addWidget(self.template_label, 1)

        self.columns = QTableWidget(0, 2)
        self.columns.setObjectName("formsColumns")
        self.columns.setHorizontalHeaderLabels([self.tr("Column in the template"),
                                                self.tr("Filled from")])
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.columns.verticalHeader().setDefaultSectionSize(26)
        self.columns.setSelectionMode(QAbstractItemView.NoSelection)
        self.mapped_label = QLabel()
        self.mapped_label.setObjectName("formsMapped")
        col_box = QGroupBox(self.tr("Columns"))
        col_layout = QVBoxLayout(col_box)
        col_layout.addWidget(self.mapped_label)
        col_layout.addWidget(self.columns)

        # -- who the table lists
        self.tags = QListWidget()
        self.tags.setObjectName("formsTags")
        key_groups = actor_of().role in rights.KEY_GROUP_ROLES
        for tag in d.TAG_TYPES.values():
            if tag.group == "key" and not key_groups:
                continue                       # 重点人群 only for those who may see them
            item = QListWidgetItem(tag.label(current_lang()), self.tags)
            item.setData(Qt.UserRole, tag.code)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
        self.tags.setMaximumHeight(110)
        self.age_min = self._age_box()
        self.age_max = self._age_box()
        ages = QHBoxLayout()
        ages.addWidget(self.age_min)
        ages.addWidget(QLabel(self.tr("to")))
        ages.addWidget(self.age_max)
        ages.addStretch()
        self.residence = self._choice_box(d.RESIDENCE_TYPES)
        self.grid = QComboBox()
        self.grid.addItem(self.tr("All grids"), ANY)
        for g in grids:
            self.grid.addItem(g["name"], g["id"])
        self.house_use = self._choice_box(p.HOUSE_USES)
        self.org_kind = self._choice_box(p.ORG_KINDS)
        self.visits_from = DateField(placeholder=self.tr("any"))
        self.visits_to = DateField(placeholder=self.tr("any"))
        visits = QHBoxLayout()
        visits.addWidget(self.visits_from)
        visits.addWidget(QLabel(self.tr("to")))
        visits.addWidget(self.visits_to)
        pop_box = QGroupBox(self.tr("Who the table lists"))
        self.pop_form = QFormLayout(pop_box)
        self.pop_form.addRow(self.tr("Tags (any of)"), self.tags)
        self.pop_form.addRow(self.tr("Age"), ages)
        self.pop_form.addRow(self.tr("Residence type"), self.residence)
        self.pop_form.addRow(self.tr("Grid"), self.grid)
        self.pop_form.addRow(self.tr("House use"), self.house_use)
        self.pop_form.addRow(self.tr("Organization type"), self.org_kind)
        self.pop_form.addRow(self.tr("Visits and inspections from"), visits)

        # -- fill
        self.full_values = QCheckBox(self.tr("Full ID numbers and phones"))
        self.full_values.setObjectName("formsFull")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why full values are needed (audited)"))
        self.reason.setObjectName("formsReason")
        self.reason.setEnabled(False)
        self.full_values.toggled.connect(self.reason.setEnabled)
        self.reason_error = QLabel()
        self.reason_error.setStyleSheet("color: #b91c1c;")
        self.fill_button = QPushButton(self.tr("Fill and save…"))
        self.fill_button.setObjectName("formsFill")
        self.fill_button.setDefault(True)
        self.fill_button.clicked.connect(self.choose_output)
        self.save_button = QPushButton(self.tr("Save mapping…"))
        self.save_button.setObjectName("formsSaveMapping")
        self.save_button.clicked.connect(self.save_mapping)
        fill_row = QGridLayout()
        fill_row.addWidget(self.full_values, 0, 0)
        fill_row.addWidget(self.reason, 0, 1)
        fill_row.addWidget(self.reason_error, 1, 1)
        fill_row.addWidget(self.save_button, 0, 2)
        fill_row.addWidget(self.fill_button, 0, 3)
        # 一表通 through the server: a street publishes, a community returns
        self.publish_button = QPushButton(self.tr("Publish…"))
        self.publish_button.setObjectName("formsPublish")
        self.publish_button.clicked.connect(self.publish)
        self.publish_button.setVisible(publisher and task is None)
        self.submit_button = QPushButton(self.tr("Submit"))
        self.submit_button.setObjectName("formsSubmit")
        self.submit_button.clicked.connect(lambda: self.submit_return())
        self.submit_button.setVisible(task is not None)
        self.submit_button.setEnabled(False)
        fill_row.addWidget(self.publish_button, 0, 4)
        fill_row.addWidget(self.submit_button, 0, 4)
        fill_row.setColumnStretch(1, 1)

        self.status = QLabel()
        self.status.setObjectName("formsStatus")
        self.status.setWordWrap(True)
        self.gaps = QTableWidget(0, 4)
        self.gaps.setObjectName("formsGaps")
        self.gaps.setHorizontalHeaderLabels([self.tr("Who or what"), self.tr("Missing"),
                                             self.tr("Grid"), self.tr("Grid worker")])
        self.gaps.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.gaps.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.gaps.verticalHeader().setVisible(False)
        gap_box = QGroupBox(self.tr("To complete in the roster (待补录)"))
        gap_layout = QVBoxLayout(gap_box)
        gap_layout.addWidget(self.status)
        gap_layout.addWidget(self.gaps)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(pop_box)
        right_layout.addWidget(gap_box, 1)
        split = QSplitter()
        split.addWidget(col_box)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(fill_row)
        self._apply_role()
        if task is not None:
            self.spec = FormSpec.from_dict(task["spec"])
            for w in (self.open_button, self.load_button):
                w.setVisible(False)
            # the publisher chose the columns and who the table lists: the same for all
            self.pop_form.parentWidget().setEnabled(False)
        self._show_spec()
        if task is not None:
            self.template_label.setText(self.tr("Task from %1: %2 (version %3), due %4. Fill "
                                                "it, complete the gaps, then submit.")
                                        .replace("%1", task.get("unit_name") or "")
                                        .replace("%2", task["title"])
                                        .replace("%3", str(task["version"]))
                                        .replace("%4", task["due"]))

    # ------------------------------------------------------------------ widgets
    def _age_box(self) -> QSpinBox:
        box = QSpinBox()
        box.setRange(-1, 120)
        box.setValue(-1)
        box.setSpecialValueText(self.tr("any"))
        return box

    def _choice_box(self, table: dict) -> QComboBox:
        box = QComboBox()
        box.addItem(self.tr("Any"), ANY)
        for choice in table.values():
            box.addItem(choice.label(current_lang()), choice.code)
        return box

    def _apply_role(self) -> None:
        role = self.actor_of().role
        may_full = role in rights.FULL_VALUE_EXPORTERS
        self.full_values.setEnabled(may_full)
        if not may_full:
            self.full_values.setToolTip(self.tr("Your role fills tables with masked values."))

    # ------------------------------------------------------------------ template
    def choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open template"), "",
                                              self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.open_template(path)

    def choose_mapping(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open saved mapping"), "",
                                              self.tr("Table mappings (*.json)"))
        if path:
            try:
                self.spec = FormSpec.load(path)
            except (OSError, ValueError, KeyError, TypeError):
                self.template_label.setText(self.tr("This file is not a saved table mapping."))
                return
            self._show_spec()

    def open_template(self, path: str) -> None:
        try:
            self.spec = recognise(path)
        except TemplateProblem as exc:
            self.spec = None
            self._show_spec()
            self.template_label.setText(refusal_text(exc.code))
            return
        self.spec.population = self._default_population(self.spec)
        self._show_spec()

    @staticmethod
    def _default_population(spec: FormSpec) -> Population:
        """What a title asks for, as a start: 60岁以上 → aged 60+, 出租 → rented out."""
        pop = Population()
        title = spec.title
        if spec.subject == "houses":
            pop.house_uses = ("rental", "group_rental")
        elif spec.subject == "organizations" and "九小" in title:
            pop.org_kinds = ("nine_small",)
        for tag in d.TAG_TYPES.values():
            if tag.zh in title and spec.subject == "residents":
                pop.tags += (tag.code,)
        if "60岁" in title or "老年" in title:
            pop.age_min = 60
        if "重点人员" in title:
            pop.tags = tuple(t.code for t in d.TAG_TYPES.values() if t.group == "key")
        return pop

    def _show_spec(self) -> None:
        spec = self.spec
        enabled = spec is not None
        for w in (self.fill_button, self.save_button, self.columns, self.publish_button):
            w.setEnabled(enabled)
        self.columns.setEnabled(enabled and self.task is None)
        self.columns.setRowCount(0)
        if spec is None:
            self.mapped_label.setText("")
            return
        self.template_label.setText(self.tr("%1 · rows are %2 · header in rows %3–%4%5").replace(
            "%1", spec.title).replace("%2", subject_name(spec.subject)).replace(
            "%3", str(spec.header_top)).replace("%4", str(spec.header_bottom)).replace(
            "%5", self.tr(" · a 合计 row") if spec.footer_row else ""))
        fields = ff.FIELDS[spec.subject]
        lang = current_lang()
        self.columns.setRowCount(len(spec.columns))
        for row, col in enumerate(spec.columns):
            item = QTableWidgetItem(col.header)
            item.setFlags(Qt.ItemIsEnabled)
            self.columns.setItem(row, 0, item)
            if col.formula:
                cell = QTableWidgetItem(self.tr("Computed by the template's formula"))
                cell.setFlags(Qt.ItemIsEnabled)
                self.columns.setItem(row, 1, cell)
                continue
            box = QComboBox()
            box.addItem(self.tr("— not filled —"), None)
            for f in fields:
                box.addItem(f.label(lang), f.key)
            box.setCurrentIndex(max(0, box.findData(col.field)))
            box.currentIndexChanged.connect(
                lambda _i, r=row, b=box: self._pick_field(r, b.currentData()))
            self.columns.setCellWidget(row, 1, box)
        self._paint_unmapped()
        self._show_population(spec.population, spec.subject)

    def _pick_field(self, row: int, key: str | None) -> None:
        col = self.spec.columns[row]
        param = None
        if key == "tag_since":
            tags = self.checked_tags()
            param = tags[0] if tags else None
        self.spec.set_field(col.index, key, param)
        self._paint_unmapped()

    def _paint_unmapped(self) -> None:
        spec = self.spec
        for row, col in enumerate(spec.columns):
            item = self.columns.item(row, 0)
            item.setBackground(QBrush(UNMAPPED) if not col.field and not col.formula
                               else QBrush())
        total = len([c for c in spec.columns if not c.formula])
        mapped = total - len(spec.unmapped())
        self.mapped_label.setText(self.tr("%1 of %2 columns filled from the roster; "
                                          "pick a field for the highlighted ones.")
                                  .replace("%1", str(mapped)).replace("%2", str(total))
                                  if spec.unmapped() else
                                  self.tr("Every column is filled from the roster (%1).")
                                  .replace("%1", str(total)))

    # ------------------------------------------------------------------ population
    def checked_tags(self) -> list[str]:
        return [self.tags.item(i).data(Qt.UserRole) for i in range(self.tags.count())
                if self.tags.item(i).checkState() == Qt.Checked]

    def _show_population(self, pop: Population, subject: str) -> None:
        for i in range(self.tags.count()):
            item = self.tags.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in pop.tags else Qt.Unchecked)
        self.age_min.setValue(-1 if pop.age_min is None else pop.age_min)
        self.age_max.setValue(-1 if pop.age_max is None else pop.age_max)
        for box, values in ((self.residence, pop.residence_types), (self.grid, pop.grid_ids),
                            (self.house_use, pop.house_uses), (self.org_kind, pop.org_kinds)):
            box.setCurrentIndex(max(0, box.findData(values[0])) if values else 0)
        self.visits_from.setText(pop.visits_from or "")
        self.visits_to.setText(pop.visits_to or "")
        people = subject == "residents"
        for widget, shown in ((self.tags, people), (self.age_min, people),
                              (self.residence, people), (self.house_use, subject == "houses"),
                              (self.org_kind, subject == "organizations")):
            self.pop_form.setRowVisible(widget if widget is not self.age_min else 1, shown)

    def population(self) -> Population:
        def one(box):
            value = box.currentData()
            return (value,) if value else ()
        subject = self.spec.subject if self.spec else "residents"
        keep = self.spec.population if self.spec else Population()
        pop = Population(
            tags=tuple(self.checked_tags()) if subject == "residents" else (),
            age_min=None if self.age_min.value() < 0 or subject != "residents"
            else self.age_min.value(),
            age_max=None if self.age_max.value() < 0 or subject != "residents"
            else self.age_max.value(),
            residence_types=one(self.residence) if subject == "residents" else (),
            grid_ids=one(self.grid), statuses=keep.statuses,
            house_uses=(keep.house_uses if len(keep.house_uses) > 1 and
                        self.house_use.currentData() in keep.house_uses
                        else one(self.house_use)) if subject == "houses" else (),
            org_kinds=one(self.org_kind) if subject == "organizations" else (),
            org_categories=keep.org_categories,
            visits_from=self.visits_from.text() or None, visits_to=self.visits_to.text() or None,
            age_on=keep.age_on)
        return pop

    # ------------------------------------------------------------------ fill
    def save_mapping(self) -> None:
        if self.spec is None:
            return
        self.spec.population = self.population()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save mapping"),
                                              f"{self.spec.title}.json",
                                              self.tr("Table mappings (*.json)"))
        if path:
            self.spec.save(path)
            self.status.setText(self.tr("Mapping saved: %1").replace("%1", os.path.basename(path)))

    def choose_output(self) -> None:
        if self.spec is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the filled table"),
                                              f"{self.spec.title}（已填）.xlsx",
                                              self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.fill_to(path)

    def fill_to(self, path: str, on_finished=None) -> None:
        """Fill the open template into ``path`` off the GUI thread."""
        self.reason_error.setText("")
        full = self.full_values.isChecked()
        reason = self.reason.text()
        if full and not reason.strip():
            self.reason_error.setText(refusal_text("reason_required"))
            self.reason.setFocus()
            return
        self.spec.population = self.population()
        spec, actor, store = self.spec, self.actor_of(), self.store
        lang = current_lang()

        def work():
            conn = store.open_connection()
            try:
                return fill(ConnectionStore(conn), spec, path, actor, full_values=full,
                            reason=reason, lang=lang, conn=conn)
            finally:
                conn.close()

        def done(result):
            self.fill_button.setEnabled(True)
            self.show_result(result)
            if on_finished:
                on_finished(result)

        def failed(exc):
            self.fill_button.setEnabled(True)
            self.status.setText(refusal_text(str(exc)) if isinstance(exc, ExportRefused)
                                else self.tr("The table could not be written: %1")
                                .replace("%1", str(exc)))
            if on_finished:
                on_finished(exc)

        self.fill_button.setEnabled(False)
        self.status.setText(self.tr("Filling…"))
        run_task(work, done, failed)

    def show_result(self, result: FillResult) -> None:
        self.result = result
        self.submit_button.setEnabled(self.task is not None)
        self.status.setText(self.tr("%1 rows written to %2 (%3). %4 cells to complete "
                                    "(highlighted in the workbook).")
                            .replace("%1", str(result.rows))
                            .replace("%2", os.path.basename(result.path))
                            .replace("%3", self.tr("masked") if result.masked
                                     else self.tr("full values"))
                            .replace("%4", str(len(result.gaps))))
        gaps = sorted(result.gaps, key=lambda g: (g.worker or "", g.grid or "", g.row))
        self.gaps.setRowCount(len(gaps))
        for row, gap in enumerate(gaps):   # per grid worker: each sees their own share
            for col, text in enumerate((gap.name, gap.label, gap.grid or "", gap.worker or "")):
                self.gaps.setItem(row, col, QTableWidgetItem(text))


    # ------------------------------------------------------------------ the server
    def publish(self) -> PublishDialog | None:
        """The publish dialog for the open template (shown; the caller may drive it)."""
        if self.spec is None:
            return None
        self.spec.population = self.population()
        dialog = PublishDialog(self.store, self.spec, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._published(dialog.task))
        dialog.show()
        return dialog

    def _published(self, task: dict | None) -> None:
        self.published = task
        if task:
            self.status.setText(self.tr("Published: %1, version %2, due %3.")
                                .replace("%1", task["title"]).replace("%2", str(task["version"]))
                                .replace("%3", task["due"]))

    def submit_return(self, on_finished=None) -> None:
        """Send the last filled workbook (it stays saved where it was filled)."""
        if self.task is None or self.result is None:
            return
        store, tid, result = self.store, self.task["id"], self.result

        def done(got):
            self.submit_button.setEnabled(True)
            self.status.setText(self.tr("Submitted (return %1): %2 rows, %3 cells to complete.")
                                .replace("%1", str(got["version"])).replace("%2", str(got["rows"]))
                                .replace("%3", str(got["gaps"])))
            if on_finished:
                on_finished(got)

        def failed(exc):
            self.submit_button.setEnabled(True)
            self.status.setText(server_error_text(exc) + " " + self.tr(
                "The filled table stays saved at %1.").replace("%1", result.path))
            if on_finished:
                on_finished(exc)

        self.submit_button.setEnabled(False)
        self.status.setText(self.tr("Submitting…"))
        run_task(lambda: forms_client.with_client(store, lambda c: forms_client.submit(
            c, tid, result.path, gaps=len(result.gaps), rows=result.rows)), done, failed)


def open_task_dialog(parent, store, roster, task: dict) -> FormsDialog:
    """A published table, opened to fill and return (the home page's 一表通 tasks)."""
    dialog = FormsDialog(store, lambda: roster.actor, roster.grids(), parent, task=task)
    dialog.resize(1280, 700)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog


def forms_button(parent, store, roster) -> QPushButton:
    """The 报表 page's way in: a button that opens the dialog for the signed-in user."""
    button = QPushButton(Q.translate("Forms", "Fill a department's table…"))
    button.setObjectName("openForms")

    def open_dialog():
        dialog = FormsDialog(store, lambda: roster.actor, roster.grids(), parent,
                             publisher=may_publish(roster))
        dialog.resize(1280, 700)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
    button.clicked.connect(open_dialog)
    return button
