#!/usr/bin/env bash
# Lint speed and memory: `spacert lint` against `xmllint --noout --stream --schema` on the
# same 100,000-question bank (about 50 MB), in the same run. Targets: at most 1.5x xmllint's
# wall time, peak memory under 64 MB.
#
# usage: Benchmarks/lint/run.sh [QUESTIONS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
questions=${1:-100000}
runs=${2:-3}
command -v xmllint >/dev/null || apt-get install -y libxml2-utils >/dev/null
swift build -c release --product spacert >/dev/null
bin=.build/release/spacert
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/schema"
cp QuestionBanks/schema/bank-1.xsd "$work/schema/"
python3 Benchmarks/lint/generate.py "$work/big.xml" "$questions"
size=$(stat -c %s "$work/big.xml")
echo "bank: $questions questions, $((size / 1024 / 1024)) MiB"

# best wall time (s) and peak RSS (KiB) over $runs runs of a command
measure() {
    local best_time=999999 best_rss=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
        read -r t rss <"$work/time"
        best_time=$(python3 -c "print(min($best_time, $t))")
        [ "$rss" -gt "$best_rss" ] && best_rss=$rss
    done
    echo "$best_time $best_rss"
}

read -r xt xm < <(measure xmllint --noout --stream --schema "$work/schema/bank-1.xsd" "$work/big.xml")
grep -q "validates" "$work/err" || { echo "xmllint did not validate the bank:"; cat "$work/err"; exit 1; }
read -r st sm < <(measure "$bin" lint --banks "$work" "$work/big.xml")
grep -q " 0 errors" "$work/err" || { echo "spacert lint found errors:"; head "$work/err"; exit 1; }
python3 - "$xt" "$xm" "$st" "$sm" <<'PY'
import sys
xt, xm, st, sm = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"xmllint --stream --schema: {xt:6.2f} s  peak {xm/1024:6.1f} MiB")
print(f"spacert lint:             {st:6.2f} s  peak {sm/1024:6.1f} MiB")
ratio = st / xt if xt else float("inf")
print(f"ratio: {ratio:.2f}x xmllint (target <= 1.5x): {'PASS' if ratio <= 1.5 else 'FAIL'}")
print(f"peak memory: {sm/1024:.1f} MiB (target < 64 MiB): {'PASS' if sm < 64 * 1024 else 'FAIL'}")
PY
