"""The package version (its own module, so the command line can show it without importing the root)."""

__version__ = "0.3.1"
