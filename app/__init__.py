"""GridDesk (网格工作台): desktop app for grid-based grassroots governance."""

__version__ = "0.1.0"
