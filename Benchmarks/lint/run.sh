#!/usr/bin/env bash
# Lint speed and memory: `spacert lint` against `xmllint --noout --stream --schema` on the
# same 100,000-question bank (about 71 MB, 68 MiB), in the same run. Targets: at most 1.5x
# xmllint's wall time (best of RUNS each, the two run alternately), peak memory under 64 MB.
#
# usage: Benchmarks/lint/run.sh [QUESTIONS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
questions=${1:-100000}
runs=${2:-5}
command -v xmllint >/dev/null || apt-get install -y libxml2-utils >/dev/null
swift build -c release --static-swift-stdlib --product spacert >/dev/null
bin=.build/release/spacert
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/schema"
cp QuestionBanks/schema/bank-1.xsd "$work/schema/"
python3 Benchmarks/lint/generate.py "$work/big.xml" "$questions"
size=$(stat -c %s "$work/big.xml")
echo "bank: $questions questions, $((size / 1024 / 1024)) MiB"

# Runs alternate between the two commands, so both see the same load on a shared machine;
# each keeps its best wall time (s) and its peak RSS (KiB).
xt=999999 xm=0 st=999999 sm=0 ratios=""
for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" \
        xmllint --noout --stream --schema "$work/schema/bank-1.xsd" "$work/big.xml" >/dev/null 2>"$work/xerr" || true
    read -r t1 r1 <"$work/time"
    grep -q "validates" "$work/xerr" || { echo "xmllint did not validate the bank:"; cat "$work/xerr"; exit 1; }
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" lint --banks "$work" "$work/big.xml" >/dev/null 2>"$work/err" || true
    read -r t2 r2 <"$work/time"
    grep -q " 0 errors" "$work/err" || { echo "spacert lint found errors:"; head "$work/err"; exit 1; }
    xt=$(python3 -c "print(min($xt, $t1))") st=$(python3 -c "print(min($st, $t2))")
    [ "$r1" -gt "$xm" ] && xm=$r1
    [ "$r2" -gt "$sm" ] && sm=$r2
    ratios="$ratios $(python3 -c "print(round($t2 / $t1, 2) if $t1 else 0)")"
done
python3 - "$xt" "$xm" "$st" "$sm" $ratios <<'PY'
import statistics, sys
xt, xm, st, sm = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rounds = [float(r) for r in sys.argv[5:]]
print(f"xmllint --stream --schema: {xt:6.2f} s  peak {xm/1024:6.1f} MiB")
print(f"spacert lint:             {st:6.2f} s  peak {sm/1024:6.1f} MiB")
ratio = st / xt if xt else float("inf")
print(f"ratio: {ratio:.2f}x xmllint (target <= 1.5x): {'PASS' if ratio <= 1.5 else 'FAIL'}")
print(f"  each round's ratio: min {min(rounds):.2f}, median {statistics.median(rounds):.2f}, max {max(rounds):.2f}")
print(f"peak memory: {sm/1024:.1f} MiB (target < 64 MiB): {'PASS' if sm < 64 * 1024 else 'FAIL'}")
PY
