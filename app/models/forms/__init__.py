"""一表通 (issue 20): a department's Excel template recognised (fields.py, template.py),
a population chosen (population.py) and the template filled from the roster (fill.py);
published through the city server and collected (checks.py, shared with the server;
merge.py, the publisher's merged workbook). Qt-free."""
