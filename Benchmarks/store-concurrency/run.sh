#!/usr/bin/env bash
# Store concurrency benchmark (issue 16): N = 1, 8, 32, 64 simulated trainees, each its own
# `spacert quiz --jsonl --db STORE --trainee tNN` process, answering as fast as acknowledgements
# come back for a fixed time; answers per second, p50/p99 time from an answer written to its
# acknowledgement (the feedback event) read, errors, and lost answers (acknowledged but not in
# the store's review log afterwards). Goals at 64 trainees: 0 lost, 0 errors, p99 under 50 ms.
#
#   Benchmarks/store-concurrency/run.sh          # uses .build/release/spacert, building it if needed
#   SPACERT_BIN=path Benchmarks/store-concurrency/run.sh
#
# Engines: SQLite (a fresh store file per N) always; PostgreSQL when this spacert accepts
# `--db postgres://…` (tried with `spacert trainee list`; when it refuses, the PostgreSQL rows
# say so, nothing is made up). pgbench (TPC-B-like, `-c N -j N -T SECONDS`) runs against the
# same private cluster as the server's own ceiling on this machine, and spacert-on-PostgreSQL's
# answers/s are divided by its tps. Last, the exam race: 64 `spacert exam --jsonl` at once for
# ONE trainee on each engine; afterwards the ledger must hold one attempt begun for that trainee
# (the others resume it, or are refused with a line saying why).
#
# The script starts its own PostgreSQL cluster with Scripts/postgres-cluster.sh and stops it on
# exit. A paced pass follows the flat-out ones: BENCH_PACED trainees (64) each reading a question
# for about BENCH_THINK_MS (1000 ms; a person takes ten times that) before answering, for twice
# BENCH_SECONDS: the store's latency at a load like a busy spa's, not at its ceiling.
# Settings: BENCH_CLIENTS ("1 8 32 64"), BENCH_SECONDS (10), BENCH_RACE (64),
# BENCH_PGBENCH_SCALE (64: one pgbench branch row per client, so clients do not queue on one
# row), BENCH_DIR (/tmp/spacert-store-concurrency-bench, emptied first).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/spacert-store-concurrency-bench}"
clients="${BENCH_CLIENTS:-1 8 32 64}"
seconds="${BENCH_SECONDS:-10}"
race="${BENCH_RACE:-64}"
paced="${BENCH_PACED:-64}"
think="${BENCH_THINK_MS:-1000}"
scale="${BENCH_PGBENCH_SCALE:-64}"
export SPACERT_NOW="${SPACERT_NOW:-2026-03-02T09:00:00Z}"
export TZ="${TZ:-UTC}"

spacert="${SPACERT_BIN:-$root/.build/release/spacert}"
if ! "$spacert" quiz --help >/dev/null 2>&1; then
    if [[ -n "${SPACERT_BIN:-}" ]]; then
        echo "run.sh: $spacert has no 'quiz' command" >&2
        exit 2
    fi
    (cd "$root" && swift build -c release --static-swift-stdlib --product spacert)
fi

rm -rf "$work"
mkdir -p "$work/results"
results="$work/results"

# The banks as shipped, but for the exam race a policy without prerequisites, so that a new
# trainee may sit the exam at once; and a signing key of the run's own.
cp -r "${SPACERT_BANKS:-$root/QuestionBanks}" "$work/banks"
python3 - "$work/banks/certification.xml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
changed = re.sub(r"<prerequisites>.*?</prerequisites>|<prerequisites/>", "<prerequisites/>", text, flags=re.S)
open(path, "w", encoding="utf-8").write(changed)
PY
banks="$work/banks"
export SPACERT_KEY="$work/signing-key"
"$spacert" keys init >/dev/null

# The private cluster, stopped on exit.
pg_dir="$work/pg"
mkdir -p "$pg_dir"
pg_url=""
cleanup() { "$root/Scripts/postgres-cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
if pg_url=$("$root/Scripts/postgres-cluster.sh" start "$pg_dir" 2>"$work/pg-start.err"); then
    pg_socket="$pg_dir/socket"
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    psql() { "${pg_bin:+$pg_bin/}psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_socket" -U spa "$@"; }
    pgbench() { "${pg_bin:+$pg_bin/}pgbench" -h "$pg_socket" -U spa "$@"; }
else
    echo "run.sh: the private PostgreSQL cluster did not start: $(tail -n 1 "$work/pg-start.err")" >&2
    pg_url=""
fi

# spacert on PostgreSQL: only when this build takes a postgres:// store.
pg_spacert=""
pg_note="the PostgreSQL cluster did not start"
pg_refusal=""
if [[ -n "$pg_url" ]]; then
    psql -d postgres -c "CREATE DATABASE spacert_probe" >/dev/null
    if probe=$("$spacert" trainee list --db "postgres://spa@/spacert_probe?host=$pg_socket" 2>&1); then
        pg_spacert=yes
    else
        pg_note="this spacert refuses --db postgres://"
        pg_refusal=$(echo "$probe" | tail -n 1)
    fi
fi
pg_db() { # a fresh database; prints spacert's URL for it
    psql -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
    echo "postgres://spa@/$1?host=$pg_socket"
}

# Review-log rows per trainee, as JSON {name: count}.
count_sqlite() {
    python3 - "$1" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = db.execute("SELECT t.name, count(r.id) FROM trainees t LEFT JOIN review_log r ON r.trainee_id = t.id GROUP BY t.id")
print(json.dumps(dict(rows.fetchall())))
PY
}
count_postgres() {
    psql -d "$1" -At -F ' ' -c "SELECT t.name, count(r.id) FROM trainees t LEFT JOIN review_log r ON r.trainee_id = t.id GROUP BY t.id" \
        | python3 -c 'import json, sys; print(json.dumps({l.split()[0]: int(l.split()[1]) for l in sys.stdin if l.strip()}))'
}
attempts_sqlite() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(db.execute("SELECT count(*) FROM exam_ledger l JOIN trainees t ON t.id = l.trainee_id WHERE t.name = 'racer' AND l.kind = 'start'").fetchone()[0])
PY
}
attempts_postgres() {
    psql -d "$1" -At -c "SELECT count(*) FROM exam_ledger l JOIN trainees t ON t.id = l.trainee_id WHERE t.name = 'racer' AND l.kind = 'start'"
}

echo "spacert: $spacert"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); $seconds s per run"

for n in $clients; do
    store="$work/sqlite-$n.sqlite"
    echo "SQLite, $n trainees ..." >&2
    python3 "$here/driver.py" quiz --bin "$spacert" --db "$store" --banks "$banks" --trainees "$n" \
        --seconds "$seconds" >"$results/sqlite-$n.json"
    count_sqlite "$store" >"$results/sqlite-$n.stored"
    if [[ -n "$pg_spacert" ]]; then
        echo "PostgreSQL, $n trainees ..." >&2
        url=$(pg_db "spacert_bench_$n")
        python3 "$here/driver.py" quiz --bin "$spacert" --db "$url" --banks "$banks" --trainees "$n" \
            --seconds "$seconds" >"$results/postgres-$n.json"
        count_postgres "spacert_bench_$n" >"$results/postgres-$n.stored"
    fi
done

# Paced: trainees who read before they answer.
paced_seconds=$(python3 -c "print(2 * float('$seconds'))")
echo "SQLite, $paced trainees paced at ${think} ms ..." >&2
python3 "$here/driver.py" quiz --bin "$spacert" --db "$work/sqlite-paced.sqlite" --banks "$banks" \
    --trainees "$paced" --seconds "$paced_seconds" --think-ms "$think" >"$results/sqlite-paced.json"
count_sqlite "$work/sqlite-paced.sqlite" >"$results/sqlite-paced.stored"
if [[ -n "$pg_spacert" ]]; then
    echo "PostgreSQL, $paced trainees paced at ${think} ms ..." >&2
    url=$(pg_db "spacert_bench_paced")
    python3 "$here/driver.py" quiz --bin "$spacert" --db "$url" --banks "$banks" \
        --trainees "$paced" --seconds "$paced_seconds" --think-ms "$think" >"$results/postgres-paced.json"
    count_postgres "spacert_bench_paced" >"$results/postgres-paced.stored"
fi

if [[ -n "$pg_url" ]]; then
    echo "pgbench -i -s $scale ..." >&2
    psql -d postgres -c "CREATE DATABASE pgbench" >/dev/null
    pgbench -i -q -s "$scale" pgbench >"$work/pgbench-init.log" 2>&1
    for n in $clients; do
        echo "pgbench, $n clients ..." >&2
        # Each transaction's latency logged too (-l), for pgbench's own p50 and p99.
        mkdir -p "$work/pgbench-log-$n"
        chmod 777 "$work/pgbench-log-$n" 2>/dev/null || true
        pgbench -n -c "$n" -j "$n" -T "$seconds" -l --log-prefix="$work/pgbench-log-$n/tx" pgbench \
            >"$results/pgbench-$n.log" 2>&1 || true
        cat "$work/pgbench-log-$n"/tx* 2>/dev/null | awk '{ print $3 }' >"$results/pgbench-$n.latencies" || true
    done
fi

# The exam race: one trainee, many processes at once, on the real clock (with SPACERT_NOW fixed,
# every process would start at the same instant and a later one would find the attempt's newest
# record later than its own clock).
echo "exam race, $race processes ..." >&2
unset SPACERT_NOW
race_store="$work/race.sqlite"
"$spacert" trainee add racer --db "$race_store" >/dev/null 2>&1
# Each store keeps its own copy of its newest checkpoint outside it: one key, two ledgers.
SPACERT_CHECKPOINT="$work/checkpoint-sqlite" \
    python3 "$here/driver.py" exam --bin "$spacert" --db "$race_store" --banks "$banks" --processes "$race" \
    --trainee racer >"$results/race-sqlite.json"
attempts_sqlite "$race_store" >"$results/race-sqlite.attempts"
if [[ -n "$pg_spacert" ]]; then
    url=$(pg_db spacert_race)
    "$spacert" trainee add racer --db "$url" >/dev/null 2>&1
    SPACERT_CHECKPOINT="$work/checkpoint-postgres" \
        python3 "$here/driver.py" exam --bin "$spacert" --db "$url" --banks "$banks" --processes "$race" \
        --trainee racer >"$results/race-postgres.json"
    attempts_postgres spacert_race >"$results/race-postgres.attempts"
fi

python3 - "$results" "$clients" "$pg_note" "${pg_spacert:-}" "${pg_url:+yes}" "$scale" "$seconds" "$pg_refusal" "$paced" "$think" <<'PY'
import json, os, re, sys
results, clients, pg_note, pg_spacert, pg_cluster, scale, seconds, pg_refusal, paced, think = sys.argv[1:]
clients = [int(n) for n in clients.split()]

def load(name):
    path = os.path.join(results, name)
    return open(path).read() if os.path.exists(path) else None

def quiz(engine, n):
    run = load(f"{engine}-{n}.json")
    if run is None:
        return None
    run = json.loads(run)
    stored = json.loads(load(f"{engine}-{n}.stored") or "{}")
    run["lost"] = sum(max(0, acked - stored.get(name, 0)) for name, acked in run["acked"].items())
    return run

def pgbench(n):
    text = load(f"pgbench-{n}.log")
    if text is None:
        return None
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text)
    latency = re.search(r"latency average = ([0-9.]+) ms", text)
    if not tps or not latency:
        return {"error": (text.strip().splitlines() or ["no output"])[-1]}
    result = {"tps": float(tps.group(1)), "latency": float(latency.group(1)), "p50": None, "p99": None}
    # Per-transaction latencies in microseconds (pgbench -l), when logged.
    logged = sorted(int(v) for v in (load(f"pgbench-{n}.latencies") or "").split() if v.isdigit())
    if logged:
        result["p50"] = logged[(len(logged) - 1) // 2] / 1000
        result["p99"] = logged[min(len(logged) - 1, int(len(logged) * 0.99))] / 1000
    return result

def ms(value):
    return "-" if value is None else f"{value:.1f}"

print()
print(f"| engine | trainees | answers | answers/s | p50 ms | p99 ms | errors | lost |")
print(f"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
goals = []
for engine, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
    for n in clients:
        run = quiz(engine, n)
        if run is None:
            print(f"| {label} | {n} | not available: {pg_note} | | | | | |")
            continue
        rate = run["answers"] / run["seconds"] if run["seconds"] else 0
        print(f"| {label} | {n} | {run['answers']} | {rate:.0f} | {ms(run['p50_ms'])} | {ms(run['p99_ms'])} "
              f"| {run['errors']} | {run['lost']} |")
        if n == max(clients):
            met = run["lost"] == 0 and run["errors"] == 0 and (run["p99_ms"] or 1e9) < 50
            goals.append(f"{label} at {n}: {run['lost']} lost, {run['errors']} errors, p99 {ms(run['p99_ms'])} ms "
                         f"(goal 0, 0, < 50 ms): {'met' if met else 'MISSED'}")
        for line in run.get("error_lines", [])[:2]:
            goals.append(f"  {label} at {n}: {line}")

print()
print(f"| paced: {paced} trainees, about {think} ms of reading before each answer, {2 * float(seconds):g} s | answers | answers/s | p50 ms | p99 ms | errors | lost |")
print(f"| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for engine, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
    run = quiz(engine, "paced")
    if run is None:
        print(f"| {label} | not available: {pg_note} | | | | | |")
        continue
    rate = run["answers"] / run["seconds"] if run["seconds"] else 0
    print(f"| {label} | {run['answers']} | {rate:.0f} | {ms(run['p50_ms'])} | {ms(run['p99_ms'])} | {run['errors']} | {run['lost']} |")
    met = run["lost"] == 0 and run["errors"] == 0 and (run["p99_ms"] or 1e9) < 50
    goals.append(f"{label}, {paced} paced trainees: {run['lost']} lost, {run['errors']} errors, p99 {ms(run['p99_ms'])} ms "
                 f"(goal 0, 0, < 50 ms): {'met' if met else 'MISSED'}")
    for line in run.get("error_lines", [])[:2]:
        goals.append(f"  {label} paced: {line}")

print()
print(f"| pgbench (TPC-B-like, scale {scale}, {seconds} s) | clients | tps | latency avg ms | p50 ms | p99 ms | spacert on PostgreSQL answers/s ÷ tps |")
print(f"| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for n in clients:
    bench = pgbench(n) if pg_cluster else None
    if bench is None:
        print(f"| pgbench | {n} | not available: {pg_note} | | | | |")
        continue
    if "error" in bench:
        print(f"| pgbench | {n} | failed: {bench['error']} | | | | |")
        continue
    run = quiz("postgres", n)
    ratio = "not available (no PostgreSQL rows)"
    if run is not None and run["seconds"]:
        ratio = f"{run['answers'] / run['seconds'] / bench['tps']:.2f}"
    print(f"| pgbench | {n} | {bench['tps']:.0f} | {bench['latency']:.1f} | {ms(bench['p50'])} | {ms(bench['p99'])} | {ratio} |")

print()
print("| exam race | processes | attempts begun for the trainee | shown a question | refused | errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for engine, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
    race = load(f"race-{engine}.json")
    if race is None:
        print(f"| {label} | - | not available: {pg_note} | | | |")
        continue
    race = json.loads(race)
    attempts = int((load(f"race-{engine}.attempts") or "-1").strip())
    print(f"| {label} | {race['processes']} | {attempts} | {race['shown']} ({len(race['attempt_ids'])} attempt id) "
          f"| {race['refused']} | {race['errors']} |")
    goals.append(f"{label} exam race: {attempts} attempt begun (goal 1): {'met' if attempts == 1 else 'MISSED'}")
    for line in race["refusal_lines"][:1] + race["error_lines"][:2]:
        goals.append(f"  {label} race: {line}")

print()
for line in goals:
    print(line)
if pg_refusal:
    print(f"PostgreSQL rows not available: {pg_refusal}")
PY
