#!/usr/bin/env bash
# Builds FieldSync (RelWithDebInfo) and runs every benchmark at full scale: the UI with 100,000 work orders,
# fieldsync-server with 1/10/50 devices on SQLite and on a throwaway PostgreSQL, and the sync engine against
# the seed article's algorithm. JSON lines go to stdout and to bench-results.jsonl (or $FIELDSYNC_BENCH_OUT);
# progress goes to stderr. Extra arguments go to fieldsync-bench (e.g. --suite sync, --quick).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FIELDSYNC_BUILD_DIR:-$root/build}"
out="${FIELDSYNC_BENCH_OUT:-$root/bench-results.jsonl}"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

"$root/scripts/install-deps.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFIELDSYNC_BUILD_BENCH=ON "${launcher[@]}" >/dev/null
cmake --build "$build" --target fieldsync-bench fieldsync-server -j"$(nproc)"

"$build/bench/fieldsync-bench" --server "$build/app/fieldsync-server" "$@" | tee "$out"
echo "results: $out" >&2
