#!/usr/bin/env bash
# Benchmark: `protokoll build SITE --out DIR` on generated archives of 10,000 and 100,000
# protocols. The same knobs as benches/check.sh (SIZES, REGEN, RUNS, SEED, BENCH_DIR); the
# output goes to $OUT_DIR/protokoll-bench-N-out (OUT_DIR defaults to BENCH_DIR) and is
# removed before every run, so each run builds from nothing.
#   OUT_DIR=/dev/shm benches/build.sh   output on tmpfs: protokoll's own work, without the
#                                       file system's cost of re-creating deleted inodes
#   REBUILD=1 benches/build.sh          keep the output between runs: a rebuild with nothing
#                                       changed (unchanged files are hard-linked)
set -euo pipefail

# shellcheck source=benches/check.sh
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"

build_main() {
  build_release
  if ! "$BIN" build --help >/dev/null 2>&1; then
    echo "!! \`protokoll build\` does not exist yet in $BIN" >&2
    exit 2
  fi
  machine
  for n in $SIZES; do
    local dir out
    dir=$(archive "$n")
    out=${OUT_DIR:-$WORK}/protokoll-bench-$n-out
    local prepare="rm -rf '$out'"
    if [[ -n ${REBUILD:-} ]]; then
      prepare=true
    fi
    PREPARE="$prepare" bench "build $n" "$(scale 2 "$n")" "$(scale 1000 "$n")" "$BIN" build "$dir" --out "$out"
    echo "   output: $(du -sh "$out" 2>/dev/null | cut -f1) in $(find "$out" -type f 2>/dev/null | wc -l) files"
    hyperfine_if_present "build $n" "$prepare" "$BIN build $dir --out $out"
  done
}

build_main "$@"
