#!/usr/bin/env bash
# Replay benchmark: py-fsrs 6.3.2 against `spacert replay` on the same 100,000-review history
# (1,000 cards x 100 reviews, fixed seed), then a check that both give the same states.
#
#   Benchmarks/replay/run.sh            # builds spacert (release) if it is not built yet
#   SPACERT_REPLAY_BIN=path run.sh      # a stand-in binary taking FILE like `spacert replay FILE`
#
# py-fsrs is timed on its scheduling loop alone (reviews/s); spacert on the whole command
# (process start, reading, replaying, writing), best of 10. Files go to $BENCH_DIR (/tmp/...).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/spacert-replay-bench}"
venv="${FSRS_VENV:-/tmp/fsrs-golden-venv}"
cards="${BENCH_CARDS:-1000}"
per_card="${BENCH_REVIEWS:-100}"
reviews=$((cards * per_card))
mkdir -p "$work"

# py-fsrs 6.3.2, in a venv under /tmp (shared with Scripts/fsrs-golden/generate.py).
if ! "$venv/bin/python" -c 'import importlib.metadata as m; assert m.version("fsrs") == "6.3.2"' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q "fsrs==6.3.2"
fi
py="$venv/bin/python"

# The spacert binary: the real one if it has `replay`, else a stand-in named by SPACERT_REPLAY_BIN.
spacert="$root/.build/release/spacert"
if [[ ! -x "$spacert" && -z "${SPACERT_REPLAY_BIN:-}" ]]; then
    (cd "$root" && swift build -c release --product spacert) || true
fi
if [[ -x "$spacert" ]] && "$spacert" replay --help >/dev/null 2>&1; then
    replay_command=("$spacert" replay "$work/input.json")
elif [[ -n "${SPACERT_REPLAY_BIN:-}" ]]; then
    replay_command=("$SPACERT_REPLAY_BIN" "$work/input.json")
else
    echo "run.sh: no 'spacert replay' in $spacert; set SPACERT_REPLAY_BIN to a stand-in" >&2
    exit 2
fi

"$py" "$here/pyfsrs_replay.py" generate "$work/input.json" --cards "$cards" --reviews "$per_card"
echo "input: $cards cards x $per_card reviews = $reviews reviews ($(wc -c <"$work/input.json") bytes)"
"$py" "$here/pyfsrs_replay.py" run "$work/input.json" "$work/pyfsrs.json"
echo "running: ${replay_command[*]}"
"$py" "$here/pyfsrs_replay.py" time --runs 10 "$work/spacert.json" "$reviews" -- "${replay_command[@]}"

read -r py_rate <"$work/pyfsrs.json.rate"
read -r best_rate median_rate <"$work/spacert.json.rate"
"$py" - "$py_rate" "$best_rate" "$median_rate" <<'PY'
import sys
py, best, median = map(float, sys.argv[1:])
print(f"ratio spacert/py-fsrs: {best / py:.1f}x (best run), {median / py:.1f}x (median run)")
PY
"$py" "$here/pyfsrs_replay.py" compare "$work/pyfsrs.json" "$work/spacert.json" --every 10
