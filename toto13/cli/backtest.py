"""The ``toto13 backtest`` command."""
from __future__ import annotations
