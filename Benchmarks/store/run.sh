#!/usr/bin/env bash
# Store benchmark: a progress store with 1,000 trainees x 300 cards and 1,000,000 review-log
# rows, then `spacert due --trainee t0500 --json` timed as a whole process (target 150 ms).
#
#   Benchmarks/store/run.sh                 # uses .build/release/spacert, building it if needed
#   SPACERT_BIN=path Benchmarks/store/run.sh
#
# Building one trainee's queue (target 20 ms) has no entry point of its own, so it is measured
# by difference: `spacert due` on the big store minus `spacert banks --json` (the same process
# start and bank loading, no store), which leaves opening the store, reading the trainee's
# cards and counting them. `spacert due` on a one-trainee store shows what the store's size
# adds. The store is made by spacert itself (so the schema is its migrations'), then filled by
# make_store.py. Files go to $BENCH_DIR (/tmp/spacert-store-bench); the store is reused when
# present (delete it, or set BENCH_REBUILD=1, to make it again).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/spacert-store-bench}"
banks="${SPACERT_BANKS:-$root/QuestionBanks}"
runs="${BENCH_RUNS:-30}"
store="$work/store.sqlite"
small="$work/small.sqlite"
export SPACERT_NOW="${SPACERT_NOW:-2026-03-02T09:00:00Z}"
export TZ="${TZ:-UTC}"
mkdir -p "$work"

spacert="${SPACERT_BIN:-$root/.build/release/spacert}"
if ! "$spacert" due --help >/dev/null 2>&1; then
    if [[ -n "${SPACERT_BIN:-}" ]]; then
        echo "run.sh: $spacert has no 'due' command" >&2
        exit 2
    fi
    (cd "$root" && swift build -c release --static-swift-stdlib --product spacert)
fi
"$spacert" due --help >/dev/null

if [[ -n "${BENCH_REBUILD:-}" || ! -s "$store" ]]; then
    rm -f "$store" "$store-wal" "$store-shm"
    "$spacert" trainee list --db "$store" >/dev/null 2>&1
    python3 "$here/make_store.py" "$store" "$banks" --now "$SPACERT_NOW"
fi
rm -f "$small" "$small-wal" "$small-shm"
"$spacert" trainee add t0500 --db "$small" 2>/dev/null

echo "spacert: $spacert"
echo "store:   $store ($(du -h "$store" | cut -f1)), now $SPACERT_NOW, $runs runs each"
"$spacert" due --trainee t0500 --db "$store" --banks "$banks"
echo

out="$work/median"
TIME_RUNS_OUT="$out.due" python3 "$here/time_runs.py" "spacert due --trainee t0500 --json" "$runs" 150 -- \
    "$spacert" due --trainee t0500 --json --db "$store" --banks "$banks"
TIME_RUNS_OUT="$out.small" python3 "$here/time_runs.py" "  same, one-trainee store" "$runs" 0 -- \
    "$spacert" due --trainee t0500 --json --db "$small" --banks "$banks"
TIME_RUNS_OUT="$out.banks" python3 "$here/time_runs.py" "  spacert banks --json (no store)" "$runs" 0 -- \
    "$spacert" banks --json --banks "$banks"
if "$spacert" quiz --help >/dev/null 2>&1; then
    TIME_RUNS_STDIN='{"command":"quit"}' python3 "$here/time_runs.py" "spacert quiz --jsonl (first question, quit)" \
        "$runs" 0 -- "$spacert" quiz --jsonl --trainee t0500 --db "$store" --banks "$banks"
fi
python3 - "$(cat "$out.due")" "$(cat "$out.small")" "$(cat "$out.banks")" <<'PY'
import sys
due, small, banks = (float(x) for x in sys.argv[1:])
queue = due - banks
print(f"store open + one trainee's cards + counting (due - banks): {queue:6.1f} ms  target 20 ms: "
      f"{'met' if queue < 20 else 'MISSED'}")
print(f"what 1,000 trainees and 1,000,000 log rows add (big - small):  {due - small:6.1f} ms")
PY
