"""PyInstaller entry point: the same as ``python -m app``.

A separate script (not app/__main__.py) so PyInstaller does not put app/ itself on
the import path, where its modules could shadow top-level names.
"""
from app.cli import main

raise SystemExit(main())
