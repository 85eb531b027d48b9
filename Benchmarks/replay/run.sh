#!/usr/bin/env bash
# Replay benchmark: py-fsrs 6.3.2 against `spacert replay` on the same 100,000-review history
# (1,000 cards x 100 reviews, fixed seed), then a check that both give the same states.
#
#   Benchmarks/replay/run.sh            # builds spacert (release) if it is not built yet
#   SPACERT_REPLAY_BIN=path run.sh      # a stand-in binary taking FILE like `spacert replay FILE`
#
# Both sides are timed in the same run, taking turns, both ways: py-fsrs on its scheduling loop
# alone and as a whole process (interpreter start, import, parsing, loop, writing);
# spacert as a whole process (`spacert replay FILE`) and in process (`--timings`: read, decode,
# the scheduler loop alone, replay into memory, write). Every pairing's ratio is printed, best and
# median: the target is judged like for like (loop vs loop or engine, whole process vs whole
# process); the strict pairing (spacert whole process vs the py-fsrs loop) is printed too.
# BENCH_PY_RUNS (5) py-fsrs runs, BENCH_RUNS (20) spacert runs. Files go to $BENCH_DIR (/tmp/...).
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

# The spacert binary: the real one (built or brought up to date here) if it has `replay`, else a
# stand-in named by SPACERT_REPLAY_BIN.
spacert="$root/.build/release/spacert"
if [[ -z "${SPACERT_REPLAY_BIN:-}" ]]; then
    (cd "$root" && swift build -c release --static-swift-stdlib --product spacert) || true
fi
if [[ -z "${SPACERT_REPLAY_BIN:-}" && -x "$spacert" ]] && "$spacert" replay --help >/dev/null 2>&1; then
    replay_command=("$spacert" replay)
elif [[ -n "${SPACERT_REPLAY_BIN:-}" ]]; then
    replay_command=("$SPACERT_REPLAY_BIN")
else
    echo "run.sh: no 'spacert replay' in $spacert; set SPACERT_REPLAY_BIN to a stand-in" >&2
    exit 2
fi

"$py" "$here/pyfsrs_replay.py" generate "$work/input.json" --cards "$cards" --reviews "$per_card"
echo "input: $cards cards x $per_card reviews = $reviews reviews ($(wc -c <"$work/input.json") bytes)"
echo "running: ${replay_command[*]} FILE, and py-fsrs $("$py" -c 'import importlib.metadata as m; print(m.version("fsrs"))')"
"$py" "$here/pyfsrs_replay.py" bench --py-runs "${BENCH_PY_RUNS:-5}" --runs "${BENCH_RUNS:-20}" \
    "$work/input.json" "$work" -- "${replay_command[@]}"
"$py" "$here/pyfsrs_replay.py" compare "$work/pyfsrs.json" "$work/spacert.json" --every 10
