#!/usr/bin/env bash
# Report benchmark: a progress store with 1,000 trainees, 20,000 graded exam attempts (in the
# hash-chained exam ledger) and 1,000,000 review-log rows, then `spacert report cohort` in every
# format, each timed as a whole release-build process (target 2 s), and the item analysis and a
# trainee report for comparison. The peer is `spacert audit`, which reads every ledger row too.
#
#   Benchmarks/report/run.sh                 # uses .build/release/spacert, building it if needed
#   SPACERT_BIN=path Benchmarks/report/run.sh
#
# The store is made by spacert itself (so the schema is its migrations'), filled by
# make_store.py (exam attempts drawn and graded by the policy in the banks), and checked with
# `spacert audit`. Files go to $BENCH_DIR (/tmp/spacert-report-bench); the store is reused when
# present (delete it, or set BENCH_REBUILD=1, to make it again). BENCH_RUNS sets the timed runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/spacert-report-bench}"
banks="${SPACERT_BANKS:-$root/QuestionBanks}"
runs="${BENCH_RUNS:-5}"
store="$work/store.sqlite"
export SPACERT_NOW="${SPACERT_NOW:-2026-03-02T09:00:00Z}"
# The spa's key for this store: audit and the reports check the ledger's signed checkpoints.
export SPACERT_KEY="${SPACERT_KEY:-$work/signing-key}"
export TZ="${TZ:-UTC}"
mkdir -p "$work"

spacert="${SPACERT_BIN:-$root/.build/release/spacert}"
if ! "$spacert" report --help >/dev/null 2>&1; then
    if [[ -n "${SPACERT_BIN:-}" ]]; then
        echo "run.sh: $spacert has no 'report' command" >&2
        exit 2
    fi
    (cd "$root" && swift build -c release --static-swift-stdlib --product spacert)
fi

if [[ -n "${BENCH_REBUILD:-}" || ! -s "$store" ]]; then
    rm -f "$store" "$store-wal" "$store-shm"
    "$spacert" trainee list --db "$store" >/dev/null 2>&1 || true
    python3 "$here/make_store.py" "$store" "$banks" --now "$SPACERT_NOW"
    [[ -f "$SPACERT_KEY" ]] || "$spacert" keys init >/dev/null
    rm -f "$SPACERT_KEY.checkpoint"
    # The generated ledger has no checkpoints (it is an "older" ledger): sign its head once.
    "$spacert" audit --checkpoint --db "$store"
fi

echo "spacert: $spacert"
echo "store:   $store ($(du -h "$store" | cut -f1)), now $SPACERT_NOW, $runs runs each"
out="$work/out"
rm -rf "$out"
time_runs() { python3 "$here/time_runs.py" "$@"; }
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime) ($(nproc) cores)"
for format in text markdown html csv json; do
    time_runs "spacert report cohort --format $format" "$runs" 2000 -- \
        "$spacert" report cohort --format "$format" --out "$out" --db "$store" --banks "$banks"
done
time_runs "spacert report cohort --format text,markdown,html,csv,json" \
    "$runs" 0 -- "$spacert" report cohort --format text,markdown,html,csv,json --out "$out" --db "$store" --banks "$banks"
time_runs "spacert report items --attempts all --format html" "$runs" 0 -- \
    "$spacert" report items --attempts all --format html --out "$out" --db "$store" --banks "$banks"
time_runs "peer: spacert audit (walks the same ledger, checks the signed checkpoints; target 1 s)" "$runs" 0 -- "$spacert" audit --db "$store"
trainee="$(sqlite3 "$store" "SELECT name FROM trainees ORDER BY id LIMIT 1" 2>/dev/null \
    || python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT name FROM trainees ORDER BY id LIMIT 1').fetchone()[0])" "$store")"
time_runs "spacert report trainee (one of 1,000) --format html" "$runs" 0 -- \
    "$spacert" report trainee "$trainee" --format html --out "$out" --db "$store" --banks "$banks"
echo
ls -l "$out"
