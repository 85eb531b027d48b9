#!/usr/bin/env bash
# Lint speed and memory: `spacert lint` against `xmllint --noout --stream --schema` on the
# same 100,000-question bank (about 69 MB), in the same run, twice: the structural checks
# alone (`--no-quality`) and the default run with every quality rule (near-duplicates over
# the whole bank included). Targets: each at most 1.5x xmllint's wall time (best of RUNS each,
# the three run alternately), as when this benchmark began (1.24x then, before the quality
# rules), and peak memory under 64 MiB. spacert parses a bank on a second thread, a piece
# ahead of the checks, so its wall time can be below its CPU time: CPU time (user + sys) is
# printed beside, for information, and the quality run is timed a fourth way, on one thread
# (SPACERT_XML_THREAD=0), to show what the second thread buys.
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

# Runs alternate between the commands, so all see the same load on a shared machine; each
# keeps its best wall time (s), its best CPU time (s) and its peak RSS (KiB).
xt=999999 xm=0 st=999999 sm=0 qt=999999 qm=0 ratios="" qratios=""
xc=999999 sc=999999 qc=999999 ot=999999 oc=999999 om=0 oratios=""
cpu() { python3 -c "print(round($1 + $2, 3))"; }
for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" \
        xmllint --noout --stream --schema "$work/schema/bank-1.xsd" "$work/big.xml" >/dev/null 2>"$work/xerr" || true
    read -r t1 r1 u1 k1 <"$work/time"
    c1=$(cpu "$u1" "$k1")
    grep -q "validates" "$work/xerr" || { echo "xmllint did not validate the bank:"; cat "$work/xerr"; exit 1; }
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" lint --no-quality --banks "$work" "$work/big.xml" >/dev/null 2>"$work/err" || true
    read -r t2 r2 u2 k2 <"$work/time"
    c2=$(cpu "$u2" "$k2")
    grep -q " 0 errors" "$work/err" || { echo "spacert lint found errors:"; head "$work/err"; exit 1; }
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" lint --banks "$work" "$work/big.xml" >"$work/quality" 2>"$work/err" || true
    read -r t3 r3 u3 k3 <"$work/time"
    c3=$(cpu "$u3" "$k3")
    grep -q " 0 errors" "$work/err" || { echo "spacert lint (quality) found errors:"; head "$work/err"; exit 1; }
    SPACERT_XML_THREAD=0 /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" lint --banks "$work" "$work/big.xml" >"$work/quality1" 2>"$work/err" || true
    read -r t4 r4 u4 k4 <"$work/time"
    c4=$(cpu "$u4" "$k4")
    cmp -s "$work/quality" "$work/quality1" || { echo "one thread and two found different things"; exit 1; }
    ot=$(python3 -c "print(min($ot, $t4))") oc=$(python3 -c "print(min($oc, $c4))")
    [ "$r4" -gt "$om" ] && om=$r4
    oratios="$oratios $(python3 -c "print(round($t4 / $t1, 2) if $t1 else 0)")"
    xt=$(python3 -c "print(min($xt, $t1))") st=$(python3 -c "print(min($st, $t2))") qt=$(python3 -c "print(min($qt, $t3))")
    xc=$(python3 -c "print(min($xc, $c1))") sc=$(python3 -c "print(min($sc, $c2))") qc=$(python3 -c "print(min($qc, $c3))")
    [ "$r1" -gt "$xm" ] && xm=$r1
    [ "$r2" -gt "$sm" ] && sm=$r2
    [ "$r3" -gt "$qm" ] && qm=$r3
    ratios="$ratios $(python3 -c "print(round($t2 / $t1, 2) if $t1 else 0)")"
    qratios="$qratios $(python3 -c "print(round($t3 / $t1, 2) if $t1 else 0)")"
done
echo "quality findings on the generated bank: $(grep -c ': warning: ' "$work/quality" || true) ($(tail -1 "$work/err"))"
python3 - "$xt" "$xm" "$st" "$sm" "$qt" "$qm" "$ratios" "$qratios" "$xc" "$sc" "$qc" "$ot" "$om" "$oc" "$oratios" <<'PY'
import statistics, sys
xt, xm, st, sm, qt, qm = (float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]),
                          float(sys.argv[5]), int(sys.argv[6]))
xc, sc, qc = float(sys.argv[9]), float(sys.argv[10]), float(sys.argv[11])
ot, om, oc = float(sys.argv[12]), int(sys.argv[13]), float(sys.argv[14])
print(f"xmllint --stream --schema:    {xt:6.2f} s  CPU {xc:6.2f} s  peak {xm/1024:6.1f} MiB")
for name, t, c, m, rounds, judged in (("spacert lint --no-quality:", st, sc, sm, sys.argv[7], True),
                                      ("spacert lint (quality):   ", qt, qc, qm, sys.argv[8], True),
                                      ("  the same, one thread:   ", ot, oc, om, sys.argv[15], False)):
    rounds = [float(r) for r in rounds.split()]
    ratio = t / xt if xt else float("inf")
    print(f"{name}   {t:6.2f} s  CPU {c:6.2f} s  peak {m/1024:6.1f} MiB")
    each = f"each round: min {min(rounds):.2f}, median {statistics.median(rounds):.2f}, max {max(rounds):.2f}"
    if judged:
        print(f"  wall ratio: {ratio:.2f}x xmllint (target <= 1.5x): {'PASS' if ratio <= 1.5 else 'FAIL'}; {each}")
    else:
        print(f"  wall ratio: {ratio:.2f}x xmllint (for comparison, no target); {each}")
    cpu_ratio = c / xc if xc else float("inf")
    print(f"  CPU ratio: {cpu_ratio:.2f}x xmllint's CPU time (best of each; for information, no target)")
    print(f"  peak memory: {m/1024:.1f} MiB (target < 64 MiB): {'PASS' if m < 64 * 1024 else 'FAIL'}")
PY
