#!/usr/bin/env bash
# Fleet load test: N simulated devices (fieldsync-sim: own SQLite store and the real sync engine each) against
# fieldsync-server on the embedded SQLite store and on PostgreSQL 15 (a throwaway cluster from
# tests/server/pg_env.sh). Prints one JSON line per measurement:
#   test "fleet_load"      server throughput, rows, server and client peak memory, convergence
#   test "fleet_endpoint"  requests and p99 latency per endpoint, from the server's /metrics histogram
#                          (p99_ms is the upper bound of the histogram bucket that holds the 99th percentile)
#
#   bench/fleet_load.sh [--devices 50] [--duration 180] [--backends "sqlite postgresql"] [--edit-rate 6]
#                       [--sync-interval 5]
#
# Needs a build (FIELDSYNC_BUILD_DIR, default ./build) with fieldsync-server and fieldsync-sim, curl and
# GNU time (/usr/bin/time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FIELDSYNC_BUILD_DIR:-$root/build}"
server="$build/app/fieldsync-server"
sim="$build/app/fieldsync-sim"

devices=50 duration=180 backends="sqlite postgresql" edit_rate=6 sync_interval=5
internal=""
while [ $# -gt 0 ]; do
    case "$1" in
        --devices) devices="$2"; shift ;;
        --duration) duration="$2"; shift ;;
        --backends) backends="$2"; shift ;;
        --edit-rate) edit_rate="$2"; shift ;;
        --sync-interval) sync_interval="$2"; shift ;;
        --internal-run) internal="$2"; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "fleet_load.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
for tool in "$server" "$sim"; do
    [ -x "$tool" ] || { echo "fleet_load.sh: $tool not built (set FIELDSYNC_BUILD_DIR)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "fleet_load.sh: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

# One back end: enrol an admin, start the server on a free port, run the simulator, scrape /metrics.
run_backend() { # backend database
    local backend="$1" database="$2"
    local work
    work="$(mktemp -d "${TMPDIR:-/tmp}/fieldsync-fleet-load.XXXXXX")"
    local admin
    admin="$("$server" device add --name "load admin" --technician ops --role admin --json --database "$database" 2>/dev/null \
        | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
    [ -n "$admin" ] || { echo "fleet_load.sh: enrolling the admin failed on $backend" >&2; return 1; }

    "$server" --listen 127.0.0.1:0 --database "$database" 2>"$work/server.log" &
    local spid=$!
    local port=""
    for _ in $(seq 100); do
        port="$(grep -o '"port":[0-9]*' "$work/server.log" 2>/dev/null | head -1 | cut -d: -f2 || true)"
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "fleet_load.sh: the server did not start:" >&2; cat "$work/server.log" >&2; kill "$spid"; return 1; }
    local url="http://127.0.0.1:$port"

    local t0 t1
    t0="$(date +%s.%N)"
    /usr/bin/time -f '%M' -o "$work/sim.rss" "$sim" --server "$url" --admin-token "$admin" --devices "$devices" \
        --duration "$duration" --edit-rate "$edit_rate" --sync-interval "$sync_interval" --data-dir "$work/devices" --progress 30 \
        >"$work/sim.out" 2>"$work/sim.err" || true
    t1="$(date +%s.%N)"
    curl -fsS "$url/metrics" >"$work/metrics.txt"
    local server_kb
    server_kb="$(awk '/^VmHWM:/ {print $2}' "/proc/$spid/status")"
    kill "$spid"
    wait "$spid" 2>/dev/null || true

    local last converged divergent
    last="$(tail -n 1 "$work/sim.out")"
    converged=false divergent=""
    [ "$last" = "converged: yes" ] && converged=true
    [ "$converged" = false ] && divergent="${last#converged: no}"
    local client_kb secs
    client_kb="$(tail -n 1 "$work/sim.rss")"
    secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"

    awk -v backend="$backend" -v devices="$devices" -v secs="$secs" -v duration="$duration" \
        -v server_kb="$server_kb" -v client_kb="$client_kb" -v converged="$converged" -v divergent="$divergent" '
        function label(line, key,   s, e) {
            s = index(line, key "=\"")
            if (s == 0) return ""
            s += length(key) + 2
            e = index(substr(line, s), "\"")
            return substr(line, s, e - 1)
        }
        /^fieldsync_http_requests_total\{/ { requests += $NF; if (label($0, "status") >= 500) errors += $NF }
        /^fieldsync_rows_pushed_total/ { pushed = $NF }
        /^fieldsync_rows_pulled_total/ { pulled = $NF }
        /^fieldsync_conflicts_total/ { conflicts = $NF }
        /^fieldsync_http_request_duration_seconds_bucket\{/ {
            ep = label($0, "endpoint"); le = label($0, "le")
            n[ep]++; les[ep, n[ep]] = le; cum[ep, n[ep]] = $NF
        }
        /^fieldsync_http_request_duration_seconds_count\{/ { count[label($0, "endpoint")] = $NF }
        END {
            printf "{\"tool\":\"fieldsync\",\"version\":\"0.1\",\"test\":\"fleet_load\",\"backend\":\"%s\",\"devices\":%d,", backend, devices
            printf "\"edit_secs\":%d,\"secs\":%s,\"requests\":%d,\"requests_per_s\":%.1f,\"server_errors\":%d,", duration, secs, requests, requests / secs, errors
            printf "\"rows_pushed\":%d,\"rows_pulled\":%d,\"rows_per_s\":%.1f,\"conflicts\":%d,", pushed, pulled, (pushed + pulled) / secs, conflicts
            printf "\"server_peak_rss_mb\":%.1f,\"client_peak_rss_mb\":%.1f,\"client_rss_mb_per_device\":%.2f,", server_kb / 1024, client_kb / 1024, client_kb / 1024 / devices
            printf "\"converged\":%s", converged
            if (divergent != "") printf ",\"divergent\":\"%s\"", divergent
            print "}"
            for (ep in count) {
                if (count[ep] == 0) continue
                p99 = "null"
                for (i = 1; i <= n[ep]; i++) {
                    if (cum[ep, i] >= 0.99 * count[ep]) { p99 = les[ep, i]; break }
                }
                p99ms = (p99 == "+Inf") ? "null" : sprintf("%g", p99 * 1000)
                printf "{\"tool\":\"fieldsync\",\"version\":\"0.1\",\"test\":\"fleet_endpoint\",\"backend\":\"%s\",\"devices\":%d,\"endpoint\":\"%s\",\"requests\":%d,\"p99_ms\":%s}\n", backend, devices, ep, count[ep], p99ms
            }
        }' "$work/metrics.txt"
    if [ "$converged" != true ]; then
        echo "fleet_load.sh: $backend did not converge; simulator output in $work/sim.out" >&2
        return 0
    fi
    rm -rf "$work"
}

if [ -n "$internal" ]; then # inside pg_env.sh
    run_backend "$internal" "$FIELDSYNC_TEST_DATABASE"
    exit $?
fi

for backend in $backends; do
    case "$backend" in
        sqlite)
            dir="$(mktemp -d "${TMPDIR:-/tmp}/fieldsync-fleet-hub.XXXXXX")"
            run_backend sqlite "sqlite://$dir/hub.db"
            rm -rf "$dir"
            ;;
        postgresql)
            "$root/tests/server/pg_env.sh" "$0" --devices "$devices" --duration "$duration" --edit-rate "$edit_rate" \
                --sync-interval "$sync_interval" --internal-run postgresql
            ;;
        *) echo "fleet_load.sh: unknown back end $backend (sqlite, postgresql)" >&2; exit 2 ;;
    esac
done
