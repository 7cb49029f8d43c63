"""PySide6 user interface. Never writes SQL: it calls app.models."""
