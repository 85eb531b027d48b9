#!/usr/bin/env python3
"""py-fsrs 6.3.2 side of the replay benchmark (see run.sh).

  pyfsrs_replay.py generate OUT [--cards N] [--reviews N] [--seed S]
      writes a `spacert replay` input: N cards x N reviews, random ratings and gaps
      (a minute to two months), fixed seed, fuzz off.
  pyfsrs_replay.py run IN OUT
      replays IN with py-fsrs (Scheduler.review_card, fuzz off), prints the reviews/s of the
      scheduling loop alone (times parsed beforehand, output built afterwards), and writes OUT
      in the `spacert replay` output shape for comparison.
  pyfsrs_replay.py time [--runs N] OUT REVIEWS -- COMMAND...
      runs COMMAND (stdout to OUT) --runs times (5 by default) and prints the best and median wall time, with the
      reviews/s of the best run (process start, reading, replaying and writing all included).
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
    t = commands.add_parser("time")
    t.add_argument("out")
    t.add_argument("reviews", type=int)
    t.add_argument("--runs", type=int, default=5)
    t.add_argument("command", nargs=argparse.REMAINDER)
    c = commands.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    c.add_argument("--every", type=int, default=10)
    args = parser.parse_args()
    {"generate": generate, "run": run, "time": time_command, "compare": compare}[args.action](args)


if __name__ == "__main__":
    main()
