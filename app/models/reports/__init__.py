"""Figures for the people who steer: case indicators (``metrics``), the home page's
to-do lists (``home``), the monthly assessment report (``report``) and the map's
geometry (``geo``). Read-only; modules here import ``app.models.domain`` and the
roster's search and rows (``app.models.roster``). This file imports nothing.
"""
