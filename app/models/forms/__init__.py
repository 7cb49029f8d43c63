"""一表通 (issue 20): a department's Excel template recognised (fields.py, template.py),
a population chosen (population.py) and the template filled from the roster (fill.py).
Qt-free."""
