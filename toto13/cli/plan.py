"""The ``toto13 plan`` command."""
from __future__ import annotations
