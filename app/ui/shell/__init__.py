"""The shell: start-up and the application object (``app``), sign-in, the main
window that composes the pages (``main_window``, ``pages``: settings and the page
list), the idle lock, the crash dialog, the diagnostics export and the garbage
collector guard. Imports ``app.models``, ``app.sync`` and every other ``app.ui``
folder (it composes them). This file imports nothing.
"""
