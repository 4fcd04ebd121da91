# Sourced by scripts/demo, scripts/test and scripts/bench: make .venv if missing and install toto13 into it.
# Usage: . scripts/_setup.sh [EXTRAS]   (EXTRAS e.g. "test")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "toto13: creating virtual environment in $VENV" >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
fi
_extras="${1:-}"
_target="$ROOT"
[ -n "$_extras" ] && _target="$ROOT[$_extras]"
# Reinstall only when setup.cfg changed since the last install (editable install tracks the code).
_stamp="$VENV/.toto13-installed-$(echo "$_extras" | tr -c 'a-z0-9' '_')"
if [ ! -f "$_stamp" ] || [ "$ROOT/setup.cfg" -nt "$_stamp" ] || [ "$ROOT/pyproject.toml" -nt "$_stamp" ]; then
  echo "toto13: installing into $VENV" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$_target" >&2
  touch "$_stamp"
fi
export PATH="$VENV/bin:$PATH"
