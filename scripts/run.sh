#!/usr/bin/env bash
# Installs what is missing, builds FieldSync, starts a local sync hub on the embedded SQLite store, enrols this
# laptop (and a small simulated fleet) and opens the app with demo data. Everything stops with the app.
#
#   ./scripts/run.sh [--second] [--technician] [--no-fleet] [--devices N]
#
#   --second      open a second laptop (own database, technician "bob") against the same hub
#   --technician  enrol the app as a technician instead of a supervisor (no Fleet tab)
#   --no-fleet    do not start the fleet simulator
#   --devices N   virtual devices in the simulated fleet (default 6)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FIELDSYNC_BUILD_DIR:-$root/build}"
run_dir="${FIELDSYNC_RUN_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/fieldsync-demo}"
port="${FIELDSYNC_PORT:-8787}"

laptop="laptop1" technician="alice" device_name="Alice's laptop" role="supervisor" fleet=1 devices=6
while [ $# -gt 0 ]; do
    case "$1" in
        --second) laptop="laptop2" technician="bob" device_name="Bob's laptop" role="technician" fleet=0 ;;
        --technician) role="technician" ;;
        --no-fleet) fleet=0 ;;
        --devices) devices="$2"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

"$root/scripts/install-deps.sh"
FIELDSYNC_BUILD_DIR="$build" "$root/scripts/build.sh"

mkdir -p "$run_dir/tokens" "$run_dir/$laptop"
hub_url="http://127.0.0.1:$port"
database="sqlite://$run_dir/hub.db"
server="$build/app/fieldsync-server"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

hub_up() { curl -fsS -m 2 "$hub_url/v1/health" >/dev/null 2>&1 || \
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# Enrol a device once; its token stays in $run_dir/tokens (mode 0600) for the next runs.
enrol() { # file name technician role
    [ -s "$run_dir/tokens/$1" ] && return 0
    "$server" device add --database "$database" --name "$2" --technician "$3" --role "$4" \
        --token-file "$run_dir/tokens/$1" --json | grep -o '"device_id":"[^"]*"' | cut -d'"' -f4 \
        > "$run_dir/tokens/$1.id"
}
enrol "$laptop.token" "$device_name" "$technician" "$role"
enrol admin.token "Fleet simulator" operator admin

if ! hub_up; then
    "$server" --listen "127.0.0.1:$port" --database "$database" 2>>"$run_dir/hub.log" &
    pids+=($!)
    for _ in $(seq 50); do hub_up && break; sleep 0.2; done
    hub_up || { echo "run.sh: the hub did not start, see $run_dir/hub.log" >&2; exit 1; }
    echo "Sync hub on $hub_url (store $run_dir/hub.db, log $run_dir/hub.log)"
fi

if [ "$fleet" = 1 ] && [ -x "$build/app/fieldsync-sim" ]; then
    "$build/app/fieldsync-sim" --server "$hub_url" --admin-token "$(cat "$run_dir/tokens/admin.token")" \
        --devices "$devices" --duration 0 --data-dir "$run_dir/fleet" >>"$run_dir/fleet.log" 2>&1 &
    pids+=($!)
    echo "Simulated fleet of $devices devices (log $run_dir/fleet.log)"
fi

demo=()
[ "$laptop" = laptop1 ] && demo=(--demo)
device_id="$(cat "$run_dir/tokens/$laptop.token.id" 2>/dev/null || true)" # the store adopts the enrolled id
launcher=()
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: running under Xvfb."
    launcher=(xvfb-run -a -s "-screen 0 1400x900x24")
fi
"${launcher[@]}" "$build/app/fieldsync" "${demo[@]}" --data-dir "$run_dir/$laptop" --server "$hub_url" \
    --token-file "$run_dir/tokens/$laptop.token" --technician "$technician" --device-name "$device_name" \
    ${device_id:+--device-id "$device_id"}
