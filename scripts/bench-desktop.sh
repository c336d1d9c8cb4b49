#!/usr/bin/env bash
# Start-up time and memory of the real desktop app with a 10,000-entry KB
# (50,000 similar questions), under Xvfb: how long from process start to the
# window shown (the index is opened, not rebuilt), and the resident memory
# once the window is up and a few searches have run.
#
#   scripts/bench-desktop.sh [RUNS]      (after `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=build/bin/replydesk
[[ -x $bin ]] || { echo "build the app first: make build" >&2; exit 1; }

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
go run ./cmd/kbbench seed -data "$data" -entries 10000 -similar 5
go run ./cmd/kbbench search -data "$data" -queries 200 >/dev/null # the index is current

for i in $(seq "$runs"); do
	log="$data/run$i.log"
	REPLYDESK_DATA_DIR="$data" REPLYDESK_HTTP_ADDR=127.0.0.1:0 \
		xvfb-run -a -s "-screen 0 1280x800x24" "$bin" >"$log" 2>&1 &
	runner=$!
	for _ in $(seq 200); do
		grep -q "window shown" "$log" 2>/dev/null && break
		sleep 0.05
	done
	sleep 2
	pid=$(pgrep -n -f "^$bin\$" || true)
	mib() { awk -v k="$1:" '$1 == k {print int($2/1024)}' "/proc/$2/smaps_rollup" 2>/dev/null || echo "?"; }
	web=0
	for child in $(pgrep -P "$pid" || true); do web=$((web + $(mib Pss "$child"))); done
	shown=$(grep -o 'since_start_ms=[0-9]*' "$log" | cut -d= -f2 || true)
	rebuilt=$(grep -o 'index_rebuilt=[a-z]*' "$log" | cut -d= -f2 || true)
	heap=$(grep -o 'go_heap_mib=[0-9]*' "$log" | cut -d= -f2 || true)
	echo "run $i: window shown after ${shown:-?} ms (index rebuilt: ${rebuilt:-?});" \
		"app process: resident $(mib Rss "$pid") MiB, proportional $(mib Pss "$pid") MiB, Go heap ${heap:-?} MiB;" \
		"WebKit processes: proportional $web MiB"
	[[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null || true
	wait "$runner" 2>/dev/null || true
done
