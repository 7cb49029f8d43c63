"""一表通: the dialog that fills a department's table from the roster (forms_dialog.py),
opened from the 报表 page. Qt only; the work is app.models.forms. Imports nothing here."""
