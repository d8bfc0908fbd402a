#!/usr/bin/env bash
# Benchmark: `protokoll serve` on a generated archive of 10,000 protocols. Starts the server
# on a copy of the archive (the archive itself is never touched), waits until it answers,
# then edits one protocol $RUNS_SERVE times (default 20) and times each edit from the write
# to the `reload` event on the live-reload stream, and to the reloaded page's HTML:
#
#   - `title`: the title of a § changes; the protocol is swapped in without indexing again.
#   - `tag`:   a tag is added; the archive is indexed again.
#
# The target (benches/README.md): < 100 ms from the save to the reload for a title edit.
# The same knobs as benches/check.sh (SIZES, REGEN, SEED, BENCH_DIR; default size 10,000);
# PAUSE_MS (default 1000) is the time between two edits.
set -euo pipefail

# shellcheck source=benches/check.sh
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"

SIZES=${SIZES_SERVE:-10000}
RUNS_SERVE=${RUNS_SERVE:-20}
PAUSE_MS=${PAUSE_MS:-1000}
CLIENT=$ROOT/target/release/protokoll-serve-bench

serve_main() {
  build_release
  echo "== $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo); min, median and max of $RUNS_SERVE edits"
  for n in $SIZES; do
    local dir copy log pid port file page
    dir=$(archive "$n")
    copy=$WORK/protokoll-bench-$n-serve
    rm -rf "$copy"
    cp -r "$dir" "$copy"
    log=$(mktemp)
    "$BIN" serve "$copy" --port 0 --color never >"$log" 2>&1 &
    pid=$!
    # shellcheck disable=SC2064
    trap "kill $pid 2>/dev/null || true; rm -rf '$copy' '$log'" EXIT
    local started=$SECONDS
    until grep -q '^serving ' "$log"; do
      if ! kill -0 "$pid" 2>/dev/null || ((SECONDS - started > 120)); then
        echo "!! the server did not start:" >&2
        cat "$log" >&2
        exit 2
      fi
      sleep 0.1
    done
    grep '^serving ' "$log"
    port=$(grep -o '127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | cut -d: -f2)
    # A board's meeting in the middle of the archive.
    file=$(cd "$copy" && find content/kommunstyrelsen -name '*.md' | sort | awk '{ a[NR] = $0 } END { print a[int(NR / 2)] }')
    page=${file#content/}
    page=${page%.md}.html
    echo "== $n protocols: editing $file, reloading /$page, $RUNS_SERVE runs each, ${PAUSE_MS} ms apart"
    for edit in title tag; do
      "$CLIENT" --addr "127.0.0.1:$port" --site "$copy" --file "$file" --page "$page" \
        --runs "$RUNS_SERVE" --edit "$edit" --pause-ms "$PAUSE_MS" --target-ms 100
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "== server log (last lines):"
    grep '^changed:' "$log" | tail -n 3
    rm -rf "$copy" "$log"
    trap - EXIT
  done
}

serve_main "$@"
