"""The ``toto13 tickets`` command."""
from __future__ import annotations
