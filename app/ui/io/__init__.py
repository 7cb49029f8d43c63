"""The import wizard (``import_wizard`` and its pages ``file_step``, ``columns_step``,
``preview_step``, ``summary_step``; the preview's tables in ``problem_models``) and
the export dialog (``export_dialog``) over ``app.models.io``; ``busy`` runs their work
off the GUI thread, ``wording`` words what the import finds, ``choosers`` asks for
files. Imports ``app.models``, ``app.ui.common`` and the reveal-reason prompt of
``app.ui.roster``. This file imports nothing.
"""
