#!/usr/bin/env bash
# Instructions, not seconds: `protokoll build` (or `check`) of a generated archive under
# valgrind's callgrind, on one thread. The count is the same from run to run for the same
# binary and archive, whatever else the machine is doing, so it shows a change of a few
# percent that wall-clock timings on a shared machine cannot (they vary by half).
#
#   benches/instructions.sh                  build of 1,000 protocols
#   COMMAND=check benches/instructions.sh    check instead
#   SIZES=2000 benches/instructions.sh       another size (about 40 s per 1,000 protocols)
#   KEEP=1 benches/instructions.sh           keep callgrind.out.* for callgrind_annotate
#
# Needs valgrind. Counts user-space instructions only: the kernel's share (writing the
# output, page faults) is not in them; benches/build.sh measures the whole.
set -euo pipefail

# Read before check.sh gives SIZES its own default (10,000 and 100,000: far too slow here).
INSTRUCTION_SIZES=${SIZES:-1000}

# shellcheck source=benches/check.sh
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"

instructions_main() {
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "!! valgrind is not installed (Debian: apt-get install valgrind)" >&2
    exit 2
  fi
  local command=${COMMAND:-build}
  build_release
  for n in $INSTRUCTION_SIZES; do
    local dir out log
    dir=$(archive "$n")
    out=$(mktemp -d)
    log=$(mktemp)
    local args=("$command" "$dir")
    if [[ $command == build ]]; then
      args+=(--out "$out/site")
    else
      args+=(--format json)
    fi
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out.$command-$n" \
      "$BIN" "${args[@]}" >/dev/null 2>"$log" || true
    local total
    total=$(awk '/Collected :/ { print $NF }' "$log")
    printf '%-22s %15s instructions (%s per protocol)\n' "$command $n" "$total" "$((total / n))"
    if [[ -z ${KEEP:-} ]]; then
      rm -f "$WORK/callgrind.out.$command-$n"
    else
      echo "   callgrind_annotate $WORK/callgrind.out.$command-$n" >&2
    fi
    rm -rf "$out" "$log"
  done
}

instructions_main "$@"
