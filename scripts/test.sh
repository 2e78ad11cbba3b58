#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run all of it.
# KG_VENV chooses the virtual environment (default .venv); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${KG_VENV:-.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check '.[test]'
exec "$venv/bin/python" -m pytest "$@"
