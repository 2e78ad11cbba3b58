#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run all of it.
# KG_VENV chooses the virtual environment (default .venv); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${KG_VENV:-.venv}"

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright); a CJK font
# makes the Chinese labels in their screenshots legible.
chromium="${KG_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
    echo "installing Debian's chromium and a CJK font for the browser tests" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-zenhei \
        >/dev/null || echo "could not install chromium: the browser tests will fail" >&2
fi

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check '.[test]'
exec "$venv/bin/python" -m pytest "$@"
