#!/usr/bin/env python3
"""py-fsrs 6.3.2 side of the replay benchmark (see run.sh).

  pyfsrs_replay.py generate OUT [--cards N] [--reviews N] [--seed S]
      writes a `spacert replay` input: N cards x N reviews, random ratings and gaps
      (a minute to two months), fixed seed, fuzz off.
  pyfsrs_replay.py run IN OUT [--rates FILE]
      replays IN with py-fsrs (Scheduler.review_card, fuzz off), prints the reviews/s of the
      scheduling loop alone (times parsed beforehand, output built afterwards), and writes OUT
      in the `spacert replay` output shape for comparison (and the loop's seconds, appended to
      FILE). As a whole process this is py-fsrs's counterpart of `spacert replay`: interpreter
      start, import, parsing, the loop, building and writing the output.
  pyfsrs_replay.py time [--runs N] OUT REVIEWS -- COMMAND...
      runs COMMAND (stdout to OUT) --runs times (5 by default) and prints the best and median wall time, with the
      reviews/s of the best run (process start, reading, replaying and writing all included).
  pyfsrs_replay.py bench [--py-runs N] [--runs N] IN WORK -- SPACERT...
      side by side in one run: py-fsrs `run` as a whole process --py-runs times (its loop timed
      inside each), and between those SPACERT IN (`spacert replay`) as a whole process and with
      `--timings` (phases in process), --runs times each; then prints every pairing and ratio.
  pyfsrs_replay.py compare A B [--every K]
      checks that two replay outputs agree on every K-th card: state, step, due exactly;
      stability, difficulty, retrievability to 1e-9 relative.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from datetime import datetime, timedelta, timezone


def generate(args) -> None:
    rng = random.Random(args.seed)
    cards = []
    for index in range(args.cards):
        now = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(0, 365 * 86400))
        reviews = []
        for position in range(args.reviews):
            if position:
                now += timedelta(seconds=round(math.exp(rng.uniform(math.log(60), math.log(60 * 86400)))))
            rating = rng.choices([1, 2, 3, 4], weights=[0.15, 0.15, 0.55, 0.15])[0]
            reviews.append({"rating": rating, "time": now.strftime("%Y-%m-%dT%H:%M:%SZ")})
        cards.append({"id": f"card-{index}", "reviews": reviews})
    document = {"retention": 0.9, "enable_fuzzing": False, "learning_steps_minutes": [1, 10],
                "relearning_steps_minutes": [10], "maximum_interval": 36500, "cards": cards}
    with open(args.out, "w") as handle:
        json.dump(document, handle, separators=(",", ":"))


def utc_text(moment: datetime) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += ("." + f"{moment.microsecond:06d}").rstrip("0")
    return text + "Z"


def run(args) -> None:
    from fsrs import Card, Rating, Scheduler, State

    with open(args.input) as handle:
        document = json.load(handle)
    scheduler = Scheduler(
        desired_retention=document.get("retention", 0.9),
        learning_steps=[timedelta(minutes=m) for m in document.get("learning_steps_minutes", [1, 10])],
        relearning_steps=[timedelta(minutes=m) for m in document.get("relearning_steps_minutes", [10])],
        maximum_interval=document.get("maximum_interval", 36500),
        enable_fuzzing=False,
    )
    histories = [
        (card["id"], [(Rating(r["rating"]), datetime.fromisoformat(r["time"].replace("Z", "+00:00")))
                      for r in card["reviews"]])
        for card in document["cards"]
    ]
    total = sum(len(reviews) for _, reviews in histories)
    results = []
    started = time.perf_counter()
    for index, (_, reviews) in enumerate(histories):
        card = Card(card_id=index, due=reviews[0][1] if reviews else None)
        states = []
        for rating, moment in reviews:
            retrievability = scheduler.get_card_retrievability(card, moment)
            card, _ = scheduler.review_card(card, rating, moment)
            states.append((card, retrievability))
        results.append(states)
    elapsed = time.perf_counter() - started
    print(f"py-fsrs: {total} reviews in {elapsed:.3f} s = {total / elapsed:,.0f} reviews/s")
    if args.rates:
        with open(args.rates, "a") as handle:
            handle.write(f"{elapsed}\n")
    cards = []
    for (card_id, _), states in zip(histories, results):
        cards.append({"id": card_id, "reviews": [
            {"state": State(c.state).name, "step": c.step, "stability": c.stability, "difficulty": c.difficulty,
             "retrievability": float(r), "due": utc_text(c.due)} for c, r in states]})
    with open(args.out, "w") as handle:
        json.dump({"version": 1, "cards": cards}, handle, separators=(",", ":"))
    with open(args.out + ".rate", "w") as handle:
        handle.write(f"{total / elapsed}\n")


def time_command(args) -> None:
    import subprocess

    command = [part for part in args.command if part != "--"]
    times = []
    for _ in range(args.runs):
        with open(args.out, "wb") as handle:
            started = time.perf_counter()
            subprocess.run(command, stdout=handle, check=True)
            times.append(time.perf_counter() - started)
    times.sort()
    best, median = times[0], times[len(times) // 2]
    print(f"spacert replay: {args.reviews} reviews in {best * 1000:.1f} ms best, {median * 1000:.1f} ms median "
          f"of {args.runs} = {args.reviews / best:,.0f} reviews/s (best), {args.reviews / median:,.0f} (median)")
    with open(args.out + ".rate", "w") as handle:
        handle.write(f"{args.reviews / best} {args.reviews / median}\n")


def seconds_of(runs: list[float]) -> tuple[float, float]:
    """Best and median of some timings."""
    ordered = sorted(runs)
    return ordered[0], ordered[len(ordered) // 2]


def bench(args) -> None:
    import subprocess

    spacert = [part for part in args.command if part != "--"]
    with open(args.input) as handle:
        reviews = sum(len(card["reviews"]) for card in json.load(handle)["cards"])
    empty = f"{args.work}/empty.json"
    with open(empty, "w") as handle:
        handle.write('{"cards":[]}')
    loop_file = f"{args.work}/pyfsrs.loop"
    open(loop_file, "w").close()
    py_whole, sp_whole, sp_start, phases = [], [], [], []

    def timed(command: list[str], out: str, stderr=None) -> float:
        with open(out, "wb") as handle:
            started = time.perf_counter()
            subprocess.run(command, stdout=handle, stderr=stderr, check=True)
            return time.perf_counter() - started

    # A stand-in without `--timings` is timed as a whole process only.
    probe = subprocess.run(spacert + ["--timings", empty], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    with_timings = probe.returncode == 0 and "timings: " in probe.stderr
    # py-fsrs and spacert take turns, so that both see the same load on a shared machine.
    per_turn = max(1, -(-args.runs // args.py_runs))
    for turn in range(args.py_runs):
        py_whole.append(timed([sys.executable, __file__, "run", args.input, f"{args.work}/pyfsrs.json",
                               "--rates", loop_file], f"{args.work}/pyfsrs.stdout"))
        for _ in range(per_turn):
            sp_whole.append(timed(spacert + [args.input], f"{args.work}/spacert.json"))
            sp_start.append(timed(spacert + [empty], f"{args.work}/spacert-empty.json"))
            if not with_timings:
                continue
            with open(f"{args.work}/spacert-timings.json", "wb") as handle:
                result = subprocess.run(spacert + ["--timings", args.input], stdout=handle,
                                        stderr=subprocess.PIPE, text=True, check=True)
            line = next(l for l in result.stderr.splitlines() if l.startswith("timings: "))
            phases.append({k: float(v) for k, v in (pair.split("=") for pair in line[9:].split())})
    with open(loop_file) as handle:
        py_loop = [float(line) for line in handle if line.strip()]

    def phase(*names: str) -> list[float]:
        return [sum(run[name] for name in names) for run in phases]

    rows = [
        ("py-fsrs loop (scheduling only, in process)", py_loop),
        ("py-fsrs whole process (start, import, parse, loop, write)", py_whole),
        ("spacert scheduler loop (one thread, in process)", phase("schedule") if phases else []),
        ("spacert engine in process (read, decode, replay and write)",
         phase("read", "engine") if phases else []),
        ("spacert whole process (`spacert replay FILE`)", sp_whole),
    ]
    print(f"\n{reviews:,} reviews; py-fsrs {len(py_whole)} runs, spacert {len(sp_whole)} runs; "
          f"best and median of each")
    rates = {}
    for name, runs in rows:
        if not runs:
            continue
        best, median = seconds_of(runs)
        rates[name] = (reviews / best, reviews / median)
        print(f"  {name:60s} {best * 1e3:9.2f} ms {median * 1e3:9.2f} ms  "
              f"{reviews / best / 1e3:9,.0f} k/s {reviews / median / 1e3:9,.0f} k/s")
    if phases:
        print("\nspacert in process, median (ms): read", f"{seconds_of(phase('read'))[1] * 1e3:.2f},",
              f"engine {seconds_of(phase('engine'))[1] * 1e3:.2f} (of which in write(2) "
              f"{seconds_of(phase('write'))[1] * 1e3:.2f}); alone: "
              + ", ".join(f"{name} {seconds_of(phase(name))[1] * 1e3:.2f}" for name in ("decode", "schedule", "replay"))
              + f" (replay into memory on {int(phases[0]['threads'])} threads; {int(phases[0]['bytes']):,} bytes out)")
    best, median = seconds_of(sp_start)
    print(f"spacert process start and exit (`spacert replay` on an empty history): "
          f"{best * 1e3:.2f} ms best, {median * 1e3:.2f} ms median")

    pairings = [
        ("like for like: loop vs loop", rows[2][0], rows[0][0]),
        ("like for like: engine in process vs py-fsrs loop", rows[3][0], rows[0][0]),
        ("like for like: whole process vs whole process", rows[4][0], rows[1][0]),
        ("strict: spacert whole process vs py-fsrs loop", rows[4][0], rows[0][0]),
    ]
    print(f"\nratios, spacert over py-fsrs (target >= {args.target:g}x; judged like for like):")
    for label, ours, theirs in pairings:
        if ours not in rates:
            continue
        best = rates[ours][0] / rates[theirs][0]
        median = rates[ours][1] / rates[theirs][1]
        verdict = "met" if median >= args.target else ("met at best" if best >= args.target else "NOT met")
        print(f"  {label:52s} {best:7.1f}x best {median:7.1f}x median  {verdict}")


def compare(args) -> None:
    with open(args.a) as handle:
        a = json.load(handle)
    with open(args.b) as handle:
        b = json.load(handle)
    if len(a["cards"]) != len(b["cards"]):
        sys.exit(f"card counts differ: {len(a['cards'])} vs {len(b['cards'])}")
    checked, problems = 0, []
    for x, y in list(zip(a["cards"], b["cards"]))[:: args.every]:
        if x["id"] != y["id"] or len(x["reviews"]) != len(y["reviews"]):
            problems.append(f"card {x['id']}: ids or review counts differ")
            continue
        for index, (p, q) in enumerate(zip(x["reviews"], y["reviews"])):
            checked += 1
            for key in ("state", "step", "due"):
                if p[key] != q[key]:
                    problems.append(f"{x['id']} review {index}: {key} {p[key]} != {q[key]}")
            for key in ("stability", "difficulty", "retrievability"):
                if not math.isclose(p[key], q[key], rel_tol=1e-9, abs_tol=0.0) and p[key] != q[key]:
                    problems.append(f"{x['id']} review {index}: {key} {p[key]} != {q[key]}")
    if problems:
        print(f"outputs DIFFER on {len(problems)} values of {checked} reviews checked:", *problems[:10], sep="\n  ")
        sys.exit(1)
    print(f"outputs agree on {checked} reviews ({len(a['cards'][:: args.every])} cards, every {args.every}th)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="action", required=True)
    g = commands.add_parser("generate")
    g.add_argument("out")
    g.add_argument("--cards", type=int, default=1000)
    g.add_argument("--reviews", type=int, default=100)
    g.add_argument("--seed", type=int, default=20250106)
    r = commands.add_parser("run")
    r.add_argument("input")
    r.add_argument("out")
    r.add_argument("--rates")
    t = commands.add_parser("time")
    t.add_argument("out")
    t.add_argument("reviews", type=int)
    t.add_argument("--runs", type=int, default=5)
    t.add_argument("command", nargs=argparse.REMAINDER)
    b = commands.add_parser("bench")
    b.add_argument("input")
    b.add_argument("work")
    b.add_argument("--py-runs", type=int, default=5)
    b.add_argument("--runs", type=int, default=20)
    b.add_argument("--target", type=float, default=50)
    b.add_argument("command", nargs=argparse.REMAINDER)
    c = commands.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    c.add_argument("--every", type=int, default=10)
    args = parser.parse_args()
    {"generate": generate, "run": run, "time": time_command, "bench": bench, "compare": compare}[args.action](args)


if __name__ == "__main__":
    main()
