#!/usr/bin/env bash
# Quiz start-up: time from launching `spacert quiz --jsonl` on the shipped banks and a fresh
# store to the first question event on stdout (target: under 100 ms). Printed beside the
# floor every command pays, `spacert --version` (process start, no banks, no store), and
# beside xmllint checking the same banks against the same schema, measured in the same run.
#
# usage: Benchmarks/quiz/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-30}
swift build -c release --static-swift-stdlib --product spacert >/dev/null
command -v xmllint >/dev/null || apt-get install -y libxml2-utils >/dev/null
python3 - "$runs" <<'PY'
import os, statistics, subprocess, sys, tempfile, time

runs = int(sys.argv[1])
bin = ".build/release/spacert"
banks = sorted(os.path.join("QuestionBanks", f) for f in os.listdir("QuestionBanks") if f.endswith(".xml"))

def first_question(store):
    env = dict(os.environ, SPACERT_DB=store, SPACERT_BANKS="QuestionBanks")
    start = time.perf_counter()
    p = subprocess.Popen([bin, "quiz", "--jsonl", "--trainee", "bench"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    line = p.stdout.readline()
    elapsed = time.perf_counter() - start
    assert b'"event":"question"' in line, line
    p.stdin.write(b'{"command":"quit"}\n'); p.stdin.close(); p.wait()
    return elapsed

def whole(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start

with tempfile.TemporaryDirectory() as work:
    fresh = [first_question(os.path.join(work, f"s{i}.sqlite")) for i in range(runs)]
    warm = [first_question(os.path.join(work, "s0.sqlite")) for _ in range(runs)]
floor = [whole([bin, "--version"]) for _ in range(runs)]
xml = [whole(["xmllint", "--noout", "--schema", "QuestionBanks/schema/bank-1.xsd"] + banks) for _ in range(runs)]
ms = lambda xs: f"median {statistics.median(xs)*1000:6.1f} ms  (min {min(xs)*1000:5.1f}, max {max(xs)*1000:5.1f})"
print(f"spacert --version (process start):        {ms(floor)}")
print(f"xmllint --schema on the 4 banks:           {ms(xml)}")
print(f"quiz --jsonl to first question, new store: {ms(fresh)}")
print(f"quiz --jsonl to first question, resumed:   {ms(warm)}")
worst = max(statistics.median(fresh), statistics.median(warm)) * 1000
print(f"target < 100 ms: {'PASS' if worst < 100 else 'FAIL'} ({worst:.1f} ms)")
PY
