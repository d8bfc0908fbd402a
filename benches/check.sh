#!/usr/bin/env bash
# Benchmark: `protokoll check` on generated archives of 10,000 and 100,000 protocols.
#
#   benches/check.sh                  both sizes
#   SIZES=10000 benches/check.sh      one size
#   REGEN=1 benches/check.sh          generate the archives again (after changing the generator)
#   RUNS=5 BENCH_DIR=/var/tmp benches/check.sh
#
# Builds release, generates each archive once into $BENCH_DIR (default /tmp) and reuses it,
# then times `protokoll check SITE --format json > /dev/null`: one warm-up run (it fills the
# page cache), then $RUNS runs. Prints the best wall time and the highest peak RSS against
# the targets in benches/README.md (they scale linearly from 10,000 protocols).
#
# benches/build.sh sources this file for its functions; `main` runs only when executed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-10000 100000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-/tmp}
BIN=$ROOT/target/release/protokoll
GEN=$ROOT/target/release/protokoll-gen

build_release() {
  echo "== cargo build --release" >&2
  (cd "$ROOT" && cargo build --release --quiet)
}

# archive N: prints the path of a generated archive of N protocols, generating it unless
# one of the same size and seed, by the same version of the generator, is already there.
archive() {
  local n=$1 dir=$WORK/protokoll-bench-$n
  # The marker names the size, the seed and the generator's version (a hash of gen.rs).
  local want
  want="protocols=$n seed=$SEED generator=$("$GEN" --id)"
  if [[ -z ${REGEN:-} && -f $dir/.protokoll-gen && "$(cat "$dir/.protokoll-gen")" == "$want" ]]; then
    echo "== reusing $dir (REGEN=1 to generate it again)" >&2
  else
    echo "== generating $dir" >&2
    "$GEN" "$dir" --protocols "$n" --seed "$SEED" >&2
  fi
  printf '%s\n' "$dir"
}

# scale BASE N: BASE × N / 10,000 (targets grow linearly with the archive).
scale() {
  awk -v b="$1" -v n="$2" 'BEGIN { printf "%g", b * n / 10000 }'
}

# measure CMD...: runs CMD once with its output discarded; sets WALL (seconds), RSS_MB
# (peak resident set, MB) and STATUS (exit status). Uses GNU time when it is there, else
# bash's clock and the peak (VmHWM) polled from /proc.
measure() {
  local err
  err=$(mktemp)
  if /usr/bin/time -v true >/dev/null 2>&1; then
    local log
    log=$(mktemp)
    set +e
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$err"
    STATUS=$?
    set -e
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$log")
    RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
    rm -f "$log"
  else
    local start end pid hwm=0 kb
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
      if [[ -n $kb ]] && ((kb > hwm)); then hwm=$kb; fi
      sleep 0.01
    done
    set +e
    wait "$pid"
    STATUS=$?
    set -e
    end=$(date +%s.%N)
    WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    RSS_MB=$((hwm / 1024))
  fi
  # check exits 1 when it finds errors; anything else is a failure of the run.
  if ((STATUS > 1)); then
    echo "!! exit status $STATUS: $*" >&2
    tail -n 20 "$err" >&2
  fi
  rm -f "$err"
}

# bench LABEL TARGET_S TARGET_MB CMD...: a warm-up run, then RUNS timed runs; runs the
# command in $PREPARE (if set) before each. Prints one result line.
bench() {
  local label=$1 target_s=$2 target_mb=$3
  shift 3
  local best="" peak=0 walls="" verdict
  [[ -n ${PREPARE:-} ]] && eval "$PREPARE"
  measure "$@"
  for ((i = 0; i < RUNS; i++)); do
    [[ -n ${PREPARE:-} ]] && eval "$PREPARE"
    measure "$@"
    walls+="${walls:+ }$WALL"
    if [[ -z $best ]] || awk -v a="$WALL" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$WALL; fi
    ((RSS_MB > peak)) && peak=$RSS_MB
  done
  if awk -v w="$best" -v t="$target_s" -v m="$peak" -v tm="$target_mb" 'BEGIN { exit !(w < t && m < tm) }'; then
    verdict="ok"
  else
    verdict="OVER TARGET"
  fi
  printf '%-22s wall %7.2f s (runs: %s)   peak RSS %6s MB   target < %s s, < %s MB   %s   exit %s\n' \
    "$label" "$best" "$walls" "$peak" "$target_s" "$target_mb" "$verdict" "$STATUS"
}

# hyperfine_if_present NAME PREPARE CMD: a second opinion on the wall time, when installed.
hyperfine_if_present() {
  command -v hyperfine >/dev/null 2>&1 || return 0
  local name=$1 prepare=$2 cmd=$3
  local args=(--warmup 1 --runs "$RUNS" --ignore-failure --command-name "$name" --style basic)
  [[ -n $prepare ]] && args+=(--prepare "$prepare")
  hyperfine "${args[@]}" "$cmd"
}

# summary SITE: the diagnostics summary of `check` (the generated archive should have none).
summary() {
  "$BIN" check "$1" --format json 2>/dev/null | tr -d ' \n' | grep -o '"summary":{[^}]*}' || echo "(no summary)"
}

machine() {
  echo "== $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $RUNS runs after a warm-up; best wall time, highest peak RSS"
}

main() {
  build_release
  machine
  for n in $SIZES; do
    local dir
    dir=$(archive "$n")
    bench "check $n" "$(scale 1 "$n")" "$(scale 500 "$n")" "$BIN" check "$dir" --format json
    echo "   diagnostics: $(summary "$dir")"
    hyperfine_if_present "check $n" "" "$BIN check $dir --format json"
  done
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
