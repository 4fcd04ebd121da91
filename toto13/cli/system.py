"""The ``toto13 system`` command."""
from __future__ import annotations
