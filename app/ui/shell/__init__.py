"""The shell: start-up and the application object (``app``), sign-in, the main
window that composes the pages (``main_window``, ``pages``: settings and the page
list), the idle lock, the crash dialog, the diagnostics export (with Qt's facts),
the restore offer for a damaged database (``restore_dialog``), the event loop's exit
codes (``exit_codes``) and the garbage collector guard. ``app`` sits on top: nothing
in the shell imports it. Imports ``app.models``, ``app.sync`` and every other
``app.ui`` folder (it composes them). This file imports nothing.
"""
