"""The pages for the people who steer: home (工作台), map, statistics with charts
and drill-down, party building and the monthly report with its export. Imports
``app.models``, ``app.ui.common`` and the case and roster dialogs they open
(``app.ui.cases``, ``app.ui.roster``). This file imports nothing.
"""
