"""The city server's HTTP routes, one module per concern; server/app.py composes
them. This file imports nothing."""
