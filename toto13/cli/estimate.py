"""The ``toto13 estimate`` command."""
from __future__ import annotations
