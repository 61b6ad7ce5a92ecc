#!/usr/bin/env bash
# Installs what is missing, builds FieldSync with warnings as errors and runs the whole test suite:
# unit, GUI (under Xvfb), server against SQLite and a real PostgreSQL it starts itself, and sync convergence.
# Also checks formatting and that the translation sources are current.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FIELDSYNC_BUILD_DIR:-$root/build}"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

"$root/scripts/install-deps.sh"
FIELDSYNC_BUILD_DIR="$build" "$root/scripts/build.sh" -DFIELDSYNC_WERROR=ON -DFIELDSYNC_BUILD_TESTS=ON
cmake --build "$build" --target check-format

# GUI tests need a display; the others run on the offscreen platform on their own.
xvfb-run -a -s "-screen 0 1400x900x24" \
    ctest --test-dir "$build" --output-on-failure --timeout 900 -j"$(nproc)" "$@"
