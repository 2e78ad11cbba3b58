#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run all of it.
# KG_VENV chooses the virtual environment (default .venv); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${KG_VENV:-.venv}"

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright); a CJK font
# makes the Chinese labels in their screenshots legible.
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
chromium="${KG_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
    echo "installing Debian's chromium and a CJK font for the browser tests" >&2
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-zenhei \
        >/dev/null || echo "could not install chromium: the browser tests will fail" >&2
fi

# The Virtuoso tests start Debian's Virtuoso binary (tests/virtuoso_server.py). Only the -bin package:
# the virtuoso-opensource metapackage adds a system service (ports 1111 and 8890, every interface) that its install starts.
if [ ! -x "${KG_VIRTUOSO:-/usr/bin/virtuoso-t}" ] || [ ! -x "${KG_VIRTUOSO_ISQL:-/usr/bin/isql-vt}" ]; then
    echo "installing Debian's virtuoso-opensource-7-bin for the Virtuoso tests" >&2
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        virtuoso-opensource-7-bin >/dev/null || echo "could not install virtuoso: the Virtuoso tests will fail" >&2
fi

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check '.[test]'
exec "$venv/bin/python" -m pytest "$@"
