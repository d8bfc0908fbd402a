#!/usr/bin/env bash
# Benchmark: the search index on generated archives of 10,000 and 100,000 protocols.
#
#   benches/search.sh                  both sizes
#   SIZES=10000 benches/search.sh      one size
#   QUERIES='["budget","skola förskola"]' benches/search.sh
#   SKIP_BUILD=1 benches/search.sh     reuse the built sites: sizes and queries only
#
# The same knobs as benches/check.sh (SIZES, REGEN, SEED, BENCH_DIR). For each size it
#   1. builds the site (release) into $BENCH_DIR/protokoll-bench-N-out, once, and times it;
#   2. times building the index alone (best of three, all cores), through the ignored test
#      `search::bench_index_build` compiled in release;
#   3. prints the index's size on disk (raw and gzipped) by part: meta, term shards,
#      document chunks;
#   4. runs typical queries through search.js itself under node (when installed), each as
#      a first visit, and prints what the browser downloads for it: files, kB, kB gzipped
#      (what a server with compression sends; from file:// it is the raw size), and node's
#      time for the lookup and the first page of results.
# Target (README, issue "Search, feeds and open data"): a few hundred kilobytes per query
# at 100,000 protocols, and an index build that is a small part of the 2 s build budget
# of 10,000 protocols on 2 cores.
set -euo pipefail

# shellcheck source=benches/check.sh
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"

DEFAULT_QUERIES='["budget", "kameraövervakning", "beslut", "Ängsvik", "budget skola", "kameraövervakning förskolor", "kommunstyrelsen budget", "detaljplan 2020"]'

kb() {
  awk -v b="$1" 'BEGIN { printf "%.0f", b / 1024 }'
}

# part_size LABEL DIR NAME: raw and gzipped size of the files NAME (a find -name pattern)
# under DIR, concatenated.
part_size() {
  local label=$1 dir=$2 name=$3
  local n raw gz
  n=$(find "$dir" -type f -name "$name" | wc -l)
  raw=$(find "$dir" -type f -name "$name" -print0 | xargs -0 cat | wc -c)
  gz=$(find "$dir" -type f -name "$name" -print0 | xargs -0 cat | gzip -c | wc -c)
  printf '   %-20s %8s files %9s kB %9s kB gzipped (concatenated)\n' "$label" "$n" "$(kb "$raw")" "$(kb "$gz")"
}

index_size() {
  local out=$1
  part_size "search/meta.js" "$out/search" "meta.js"
  part_size "search/terms/*.js" "$out/search/terms" "*.js"
  part_size "search/docs/*.js" "$out/search/docs" "*.js"
  printf '   %-20s %8s kB on disk (du), largest shard %s kB\n' "search/" \
    "$(du -sk "$out/search" | cut -f1)" \
    "$(kb "$(find "$out/search/terms" -type f -printf '%s\n' | sort -n | tail -1)")"
}

# queries OUT: each query as a first visit, through search.js under node.
queries() {
  local out=$1
  if ! command -v node >/dev/null 2>&1; then
    echo "   (node not found: per-query downloads not measured)"
    return 0
  fi
  local js
  js=$(mktemp --suffix .js)
  cat >"$js" <<'EOF'
global.window = global;
const fs = require('fs'), path = require('path'), vm = require('vm'), zlib = require('zlib');
const [script, site, queriesJson] = process.argv.slice(2);
require(script);
const S = window.__protokollSearch;
let log = [];
S.load = (url) => {
  const text = fs.readFileSync(path.join(site, url));
  log.push([url, text.length, zlib.gzipSync(text).length]);
  vm.runInThisContext(text.toString('utf8'));
  return Promise.resolve();
};
const own = fs.readFileSync(script);
const kb = (b) => (b / 1024).toFixed(0);
console.log(`   search.js itself: ${kb(own.length)} kB, ${kb(zlib.gzipSync(own).length)} kB gzipped (loaded once with the page)`);
console.log('   ' + 'query'.padEnd(30) + 'results'.padStart(9) + 'files'.padStart(7) + 'kB'.padStart(7) + 'kB gz'.padStart(7) + '   of which meta, terms, docs (kB)   ms');
(async () => {
  for (const q of JSON.parse(queriesJson)) {
    S.reset();
    log = [];
    const t0 = process.hrtime.bigint();
    const r = await S.search(q);
    await S.results(r, 0, 10);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const sum = (f) => log.filter(([u]) => f(u)).reduce((a, [, b]) => a + b, 0);
    const raw = sum(() => true), gz = log.reduce((a, [, , g]) => a + g, 0);
    const parts = [sum((u) => u.endsWith('meta.js')), sum((u) => u.includes('/terms/')), sum((u) => u.includes('/docs/'))];
    console.log('   ' + JSON.stringify(q).padEnd(30) + String(r.total).padStart(9) + String(log.length).padStart(7) +
      kb(raw).padStart(7) + kb(gz).padStart(7) + '   ' + parts.map(kb).join(', ').padEnd(32) + ms.toFixed(0).padStart(5));
  }
})().catch((e) => { console.error(e); process.exit(1); });
EOF
  node "$js" "$ROOT/themes/default/assets/search.js" "$out" "${QUERIES:-$DEFAULT_QUERIES}"
  rm -f "$js"
}

search_main() {
  build_release
  echo "== cargo test --release (the index-build benchmark)" >&2
  (cd "$ROOT" && cargo test --release --quiet --test integration --no-run >/dev/null 2>&1)
  machine
  for n in $SIZES; do
    local dir out
    dir=$(archive "$n")
    out=$WORK/protokoll-bench-$n-out
    if [[ -n ${SKIP_BUILD:-} && -f $out/search/meta.js ]]; then
      echo "== $n protocols: reusing $out (SKIP_BUILD)"
    else
      rm -rf "$out"
      measure "$BIN" build "$dir" --out "$out"
      echo "== $n protocols: protokoll build ${WALL} s, peak RSS ${RSS_MB} MB (the whole site; target < $(scale 2 "$n") s)"
      (cd "$ROOT" && PROTOKOLL_BENCH_SITE=$dir cargo test --release --quiet --test integration \
        search::bench_index_build -- --ignored --nocapture 2>/dev/null | grep '^index of' | sed 's/^/   /')
    fi
    index_size "$out"
    queries "$out"
  done
}

search_main "$@"
