#!/usr/bin/env python3
"""Golden vectors for SpacertFSRS, computed by py-fsrs 6.3.2 itself.

README: run `python3 Scripts/fsrs-golden/generate.py` from the repository root; it installs
fsrs==6.3.2 into a venv under /tmp if this Python lacks it, and rewrites the JSON fixtures in
Tests/SpacertFSRSTests/Fixtures/ (fixed seeds: the same files every run).

Each history fixture is a pair: NAME.input.json, a `spacert replay` input document
(PROTOCOL.md), and NAME.expected.json, the output py-fsrs gives for it (fuzz off) with a
"description" added: per
review the state, step, stability, difficulty, the retrievability py-fsrs's
get_card_retrievability reports just before the review, and the due time (UTC, "Z", fraction
only if non-zero). transitions.json holds single reviews of hand-made cards (step beyond the
steps, resumed learning, reviews before the last review, ...).
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

VERSION = "6.3.2"
VENV = Path("/tmp/fsrs-golden-venv")


def ensure_fsrs() -> None:
    """Imports fsrs 6.3.2, installing it into a venv under /tmp and re-running there if needed."""
    try:
        from importlib.metadata import version

        if version("fsrs") == VERSION:
            return
    except Exception:
        pass
    if os.environ.get("FSRS_GOLDEN_REEXEC"):
        sys.exit(f"fsrs=={VERSION} is still missing after installing it")
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"fsrs=={VERSION}"], check=True)
    env = dict(os.environ, FSRS_GOLDEN_REEXEC="1")
    os.execve(str(python), [str(python), *sys.argv], env)


ensure_fsrs()

from fsrs import Card, Rating, Scheduler, State  # noqa: E402
from fsrs.scheduler import (  # noqa: E402
    DEFAULT_PARAMETERS,
    LOWER_BOUNDS_PARAMETERS,
    UPPER_BOUNDS_PARAMETERS,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "SpacertFSRSTests" / "Fixtures"
DAY = 86400
OFFSETS = [timedelta(0)] * 4 + [timedelta(hours=5, minutes=30), timedelta(hours=-8), timedelta(hours=1),
                                 timedelta(hours=-3, minutes=-30), timedelta(hours=14)]


def utc_text(moment: datetime) -> str:
    """UTC with Z; the fraction only if non-zero, trailing zeros trimmed (as spacert writes it)."""
    moment = moment.astimezone(timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += ("." + f"{moment.microsecond:06d}").rstrip("0")
    return text + "Z"


def input_text(moment: datetime, rng: random.Random) -> str:
    """The time as an input would write it: Z or a random UTC offset."""
    offset = rng.choice(OFFSETS)
    if offset == timedelta(0) and rng.random() < 0.5:
        return utc_text(moment)
    return moment.astimezone(timezone(offset)).isoformat()


class Settings:
    """One scheduler configuration, in replay-input form and as a py-fsrs Scheduler."""

    def __init__(self, retention=0.9, learning=(1, 10), relearning=(10,), maximum_interval=36500,
                 parameters=None):
        self.retention = retention
        self.learning = list(learning)
        self.relearning = list(relearning)
        self.maximum_interval = maximum_interval
        self.parameters = list(parameters) if parameters is not None else None

    def scheduler(self) -> Scheduler:
        return Scheduler(
            parameters=self.parameters if self.parameters is not None else DEFAULT_PARAMETERS,
            desired_retention=self.retention,
            learning_steps=[timedelta(minutes=m) for m in self.learning],
            relearning_steps=[timedelta(minutes=m) for m in self.relearning],
            maximum_interval=self.maximum_interval,
            enable_fuzzing=False,
        )

    def input_keys(self) -> dict:
        keys = {"retention": self.retention, "enable_fuzzing": False,
                "learning_steps_minutes": self.learning, "relearning_steps_minutes": self.relearning,
                "maximum_interval": self.maximum_interval}
        if self.parameters is not None:
            keys["parameters"] = self.parameters
        return keys


def card_state(card: Card, retrievability: float) -> dict:
    return {"state": State(card.state).name, "step": card.step, "stability": card.stability,
            "difficulty": card.difficulty, "retrievability": float(retrievability),
            "due": utc_text(card.due)}


def random_rating(rng: random.Random, weights=(0.15, 0.15, 0.55, 0.15)) -> int:
    return rng.choices([1, 2, 3, 4], weights=weights)[0]


def random_gap(rng: random.Random, card: Card, now: datetime) -> float:
    """Seconds to the next review: around the due time, or anything from a second to months."""
    roll = rng.random()
    if roll < 0.45:
        until_due = max((card.due - now).total_seconds(), 1.0)
        return until_due * rng.uniform(0.5, 1.6)
    if roll < 0.9:
        return math.exp(rng.uniform(0, math.log(150 * DAY)))
    if roll < 0.95:
        return DAY * rng.randint(1, 40)
    return DAY * rng.randint(1, 40) - 1


def history(settings: Settings, cards: list[list[tuple[int, float]]], rng: random.Random,
            start: datetime | None = None, gap=None, rating=None, lengths=None):
    """Runs py-fsrs over histories. `cards` gives (rating, gap) lists, or gap/rating functions make them."""
    scheduler = settings.scheduler()
    input_cards, output_cards = [], []
    count = len(cards) if cards else len(lengths)
    for index in range(count):
        now = start or datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.uniform(0, 700 * DAY))
        if rng.random() < 0.5:
            now = now.replace(microsecond=0)
        card = Card(card_id=index, due=now)
        reviews_in, reviews_out = [], []
        length = len(cards[index]) if cards else lengths[index]
        for position in range(length):
            if cards:
                grade, seconds = cards[index][position]
            else:
                grade = rating(rng, card, position)
                seconds = gap(rng, card, now) if position else 0
            now = now + timedelta(seconds=seconds)
            retrievability = scheduler.get_card_retrievability(card, now)
            card, _ = scheduler.review_card(card, Rating(grade), now)
            reviews_in.append({"rating": grade, "time": input_text(now, rng)})
            reviews_out.append(card_state(card, retrievability))
        card_id = f"card-{index}" if index % 7 else f"c\u00e9 \"{index}\"\\"
        input_cards.append({"id": card_id, "reviews": reviews_in})
        output_cards.append({"id": card_id, "reviews": reviews_out})
    document = dict(settings.input_keys())
    document["cards"] = input_cards
    return document, {"version": 1, "cards": output_cards}


def write(name: str, description: str, pair) -> None:
    """Writes NAME.input.json (a replay input, fed as is to `replay`) and NAME.expected.json."""
    document, expected = pair
    input_text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    expected_text = json.dumps({"description": description, **expected}, separators=(",", ":"),
                               ensure_ascii=False)
    (FIXTURES / f"{name}.input.json").write_text(input_text + "\n", encoding="utf-8")
    (FIXTURES / f"{name}.expected.json").write_text(expected_text + "\n", encoding="utf-8")
    reviews = sum(len(c["reviews"]) for c in document["cards"])
    size = len(input_text) + len(expected_text)
    print(f"{name}: {len(document['cards'])} cards, {reviews} reviews, {size:,} bytes")


def any_rating(weights=(0.15, 0.15, 0.55, 0.15)):
    return lambda rng, card, position: random_rating(rng, weights)


def fixed_gap(seconds):
    return lambda rng, card, now: seconds


def perturbed_parameters(rng: random.Random, spread: float) -> list[float]:
    values = []
    for default, low, high in zip(DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS):
        value = default * rng.uniform(1 - spread, 1 + spread) if spread < 1 else rng.uniform(low, high)
        values.append(round(min(max(value, low), high), 4))
    return values


def transitions(rng: random.Random) -> None:
    """Single reviews of hand-made cards, for the state machine's corners."""
    base = datetime(2025, 3, 10, 8, 0, 0, tzinfo=timezone.utc)
    cases = []

    def case(description, settings, state, step, stability, difficulty, last_review, time):
        scheduler = settings.scheduler()
        for grade in (1, 2, 3, 4):
            card = Card(card_id=1, state=State(state), step=step, stability=stability,
                        difficulty=difficulty, due=last_review or base, last_review=last_review)
            retrievability = scheduler.get_card_retrievability(card, time)
            after, _ = scheduler.review_card(card, Rating(grade), time)
            start = {"state": State(state).name, "step": step, "stability": stability,
                     "difficulty": difficulty, "due": utc_text(card.due),
                     "last_review": utc_text(last_review) if last_review else None}
            cases.append({"description": description, "settings": settings.input_keys(), "card": start,
                          "rating": grade, "time": utc_text(time),
                          "expected": card_state(after, retrievability)})

    default = Settings()
    case("learning step beyond the steps (card from a scheduler with more steps)", default,
         1, 2, 3.1, 5.5, base, base + timedelta(minutes=30))
    case("learning step beyond the steps, one step", Settings(learning=(10,)),
         1, 1, 3.1, 5.5, base, base + timedelta(minutes=30))
    case("relearning step beyond the steps", default, 3, 3, 2.0, 7.0, base, base + timedelta(minutes=15))
    case("learning resumed three days later (long-term branch)", default,
         1, 1, 2.3065, 2.1181, base, base + timedelta(days=3, minutes=7))
    case("learning at step 1 of 3", Settings(learning=(1, 10, 60)),
         1, 1, 1.2, 6.0, base, base + timedelta(minutes=12))
    case("learning at step 0, Hard with two steps", default, 1, 0, 0.5, 6.4, base, base + timedelta(minutes=2))
    case("relearning resumed two days later", Settings(relearning=(10, 60)),
         3, 1, 1.5, 8.5, base, base + timedelta(days=2, hours=1))
    case("review same day", default, 2, None, 12.0, 4.0, base, base + timedelta(hours=3))
    case("review exactly one day later", default, 2, None, 12.0, 4.0, base, base + timedelta(days=1))
    case("review one second short of a day", default, 2, None, 12.0, 4.0, base,
         base + timedelta(days=1, seconds=-1))
    case("review long overdue", default, 2, None, 12.0, 4.0, base, base + timedelta(days=400))
    case("review with no relearning steps", Settings(relearning=()), 2, None, 30.0, 9.0, base,
         base + timedelta(days=31))
    case("learning with no learning steps", Settings(learning=()), 1, 0, None, None, None, base)
    case("learning card from a stepped scheduler, now no steps", Settings(learning=()),
         1, 1, 2.3065, 2.1181, base, base + timedelta(minutes=10))
    case("review before the last review (clock went back)", default, 2, None, 12.0, 4.0, base,
         base - timedelta(hours=2))
    case("tiny stability, short-term Again hits the floor", default, 3, 0, 0.001, 10.0, base,
         base + timedelta(minutes=1))
    case("small maximum interval", Settings(maximum_interval=3), 2, None, 50.0, 3.0, base,
         base + timedelta(days=50))
    case("fractional-minute steps, Hard", Settings(learning=(0.5, 2.5), relearning=(1.5,)),
         1, 0, 1.0, 5.0, base, base + timedelta(seconds=31))
    case("one relearning step, Hard is 1.5 times it", Settings(relearning=(7,)), 3, 0, 1.0, 5.0, base,
         base + timedelta(minutes=7, seconds=13))
    text = json.dumps({"description": "single reviews of hand-made cards", "cases": cases},
                      separators=(",", ":"))
    (FIXTURES / "transitions.json").write_text(text + "\n", encoding="utf-8")
    print(f"transitions.json: {len(cases)} cases, {len(text):,} bytes")


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for old in FIXTURES.glob("*.json"):
        old.unlink()
    rng = random.Random(20250106)
    lengths = [rng.choice([1, 2, 3, 5, 8, 13, 21, 34, 55, 80]) for _ in range(60)]
    write("random_default", "default scheduler, random ratings and gaps from seconds to months",
          history(Settings(), [], rng, gap=random_gap, rating=any_rating(), lengths=lengths))
    write("random_uniform_ratings", "default scheduler, uniformly random ratings",
          history(Settings(), [], rng, gap=random_gap, rating=any_rating((1, 1, 1, 1)), lengths=[40] * 12))
    write("exact_24_hours", "reviews exactly 24 hours apart (long-term branch every time)",
          history(Settings(), [], rng, gap=fixed_gap(DAY), rating=any_rating(), lengths=[30] * 5))
    write("exact_24_hours_fraction", "exactly 24 hours apart from a start with microseconds",
          history(Settings(), [], rng, start=datetime(2025, 2, 1, 7, 30, 15, 123457, tzinfo=timezone.utc),
                  gap=fixed_gap(DAY), rating=any_rating(), lengths=[30] * 3))
    write("just_under_24_hours", "reviews 23:59:59 apart (short-term branch every time)",
          history(Settings(), [], rng, gap=fixed_gap(DAY - 1), rating=any_rating(), lengths=[30] * 5))
    write("same_day", "many reviews within a day, some at the same instant",
          history(Settings(), [], rng, gap=lambda r, c, n: r.choice([0, 1, 30, 61, 300, 3600, 20000]),
                  rating=any_rating((1, 1, 1, 1)), lengths=[25] * 8))
    write("difficulty_floor", "many Easy reviews near the due date: difficulty pinned at 1",
          history(Settings(), [], rng, gap=random_gap, rating=any_rating((0, 0, 0, 1)), lengths=[40] * 4))
    write("difficulty_ceiling", "many Again reviews a day or more apart: difficulty climbs to its ceiling "
          "(about 9.98: mean reversion keeps it under the clamp at 10)",
          history(Settings(), [], rng, gap=lambda r, c, n: DAY * r.randint(1, 20),
                  rating=any_rating((0.9, 0.05, 0.05, 0)), lengths=[40] * 4))
    ceiling = list(DEFAULT_PARAMETERS)
    ceiling[4], ceiling[6] = 10.0, 4.0
    write("difficulty_ceiling_clamped", "w4 = 10, w6 = 4: D0(Again) is exactly 10, then many Again reviews",
          history(Settings(parameters=ceiling), [], rng, gap=lambda r, c, n: DAY * r.randint(0, 20) + r.randint(0, 99),
                  rating=any_rating((0.85, 0.1, 0.05, 0)), lengths=[30] * 4))
    write("no_learning_steps", "no learning steps: every first review graduates, Again too",
          history(Settings(learning=()), [], rng, gap=random_gap, rating=any_rating((1, 1, 1, 1)),
                  lengths=[20] * 8))
    write("no_relearning_steps", "no relearning steps: a lapse stays in Review",
          history(Settings(relearning=()), [], rng, gap=random_gap, rating=any_rating((0.3, 0.2, 0.4, 0.1)),
                  lengths=[25] * 8))
    write("one_learning_step", "one learning step of 5 minutes: Hard waits 1.5 times it",
          history(Settings(learning=(5,), relearning=(3,)), [], rng,
                  gap=lambda r, c, n: r.choice([60, 300, 450, 900, DAY * 2]) if r.random() < 0.6 else random_gap(r, c, n),
                  rating=any_rating((0.3, 0.3, 0.3, 0.1)), lengths=[20] * 8))
    write("three_steps", "learning steps 1, 10, 60 minutes; relearning 10, 60; fractional-minute waits",
          history(Settings(learning=(1, 10, 60), relearning=(10, 60)), [], rng,
                  gap=lambda r, c, n: r.choice([30, 600, 3600]) if r.random() < 0.6 else random_gap(r, c, n),
                  rating=any_rating((0.3, 0.3, 0.3, 0.1)), lengths=[20] * 8))
    write("fractional_steps", "learning steps 0.5 and 2.5 minutes, relearning 1.5 minutes",
          history(Settings(learning=(0.5, 2.5), relearning=(1.5,)), [], rng,
                  gap=lambda r, c, n: r.choice([10, 31, 150]) if r.random() < 0.6 else random_gap(r, c, n),
                  rating=any_rating((0.3, 0.3, 0.3, 0.1)), lengths=[20] * 6))
    write("long_history", "two very long histories (1,000 and 1,200 reviews)",
          history(Settings(), [], rng, gap=random_gap, rating=any_rating((0.1, 0.15, 0.65, 0.1)),
                  lengths=[1000, 1200]))
    write("custom_parameters", "parameters perturbed from the defaults by up to 40%",
          history(Settings(parameters=perturbed_parameters(rng, 0.4)), [], rng, gap=random_gap,
                  rating=any_rating(), lengths=[30] * 10))
    write("random_parameters", "parameters drawn anywhere inside py-fsrs's bounds",
          history(Settings(parameters=perturbed_parameters(rng, 1.0)), [], rng, gap=random_gap,
                  rating=any_rating(), lengths=[30] * 8))
    write("retention_080", "desired retention 0.8",
          history(Settings(retention=0.8), [], rng, gap=random_gap, rating=any_rating(), lengths=[30] * 8))
    write("retention_095", "desired retention 0.95",
          history(Settings(retention=0.95), [], rng, gap=random_gap, rating=any_rating(), lengths=[30] * 8))
    write("small_maximum_interval", "maximum interval 7 days",
          history(Settings(maximum_interval=7), [], rng, gap=random_gap,
                  rating=any_rating((0.05, 0.1, 0.6, 0.25)), lengths=[30] * 8))
    transitions(rng)


if __name__ == "__main__":
    main()
