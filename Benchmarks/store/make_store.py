#!/usr/bin/env python3
"""Fills a spacert progress store for the store benchmark.

The store must already exist (made by spacert itself, so the schema is exactly what its
migrations create): this script only adds rows. 1,000 trainees x 300 cards and 1,000,000
review-log rows by default; the cards use the shipped banks' question ids (the rest are
questions that left the banks), times are microseconds since 1970 as the store keeps them.

    make_store.py STORE BANKS_DIR [--trainees N] [--cards N] [--log-rows N] [--now ISO]
"""
import argparse
import datetime
import glob
import math
import os
import random
import sqlite3
import sys
import xml.etree.ElementTree as ET

NS = "{urn:spacert:bank:1}"
DAY = 86_400_000_000


def bank_questions(directory):
    """(id, rev) of every question in the banks, in file order."""
    questions = []
    for path in sorted(glob.glob(os.path.join(directory, "**", "*.xml"), recursive=True)):
        root = ET.parse(path).getroot()
        if root.tag != NS + "bank":
            continue
        for question in root.iter(NS + "question"):
            questions.append((question.get("id"), int(question.get("rev", "1"))))
    return questions


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("banks")
    parser.add_argument("--trainees", type=int, default=1000)
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--log-rows", type=int, default=1_000_000)
    parser.add_argument("--now", default="2026-03-02T09:00:00+00:00")
    args = parser.parse_args()

    now = int(datetime.datetime.fromisoformat(args.now).timestamp()) * 1_000_000
    questions = bank_questions(args.banks)
    if not questions:
        sys.exit(f"make_store.py: no questions in {args.banks}")
    ids = questions[: args.cards]
    ids += [(f"retired-{n:03d}", 1) for n in range(args.cards - len(ids))]

    db = sqlite3.connect(args.store)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"trainees", "cards", "review_log"} <= tables:
        sys.exit(f"make_store.py: {args.store} is not a spacert store (run 'spacert trainee list --db' first)")
    db.execute("PRAGMA synchronous = OFF")
    rng = random.Random(20260302)
    per_trainee = args.log_rows // args.trainees
    extra = args.log_rows - per_trainee * args.trainees

    db.execute("BEGIN")
    for t in range(args.trainees):
        created = now - 200 * DAY
        cursor = db.execute(
            "INSERT INTO trainees (name, created, archived) VALUES (?, ?, 0)", (f"t{t:04d}", created))
        trainee = cursor.lastrowid
        cards = []
        for question_id, rev in ids:
            state = rng.choices([2, 1, 3], weights=[85, 8, 7])[0]
            stability = math.exp(rng.uniform(math.log(0.5), math.log(120)))
            difficulty = rng.uniform(1, 10)
            last = now - rng.randint(0, 60 * DAY)
            if state == 2:
                step, due = None, last + max(1, round(stability)) * DAY
            else:
                step, due = 0, last + 600_000_000
            reps = rng.randint(1, 12)
            cards.append((
                trainee, question_id, rev, state, step, stability, difficulty, due, last, reps,
                rng.randint(0, reps // 3), created + rng.randint(0, 100) * DAY))
        db.executemany(
            "INSERT INTO cards (trainee_id, question_id, question_rev, state, step, stability, difficulty,"
            " due, last_review, reps, lapses, introduced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cards)
        rows = per_trainee + (1 if t < extra else 0)
        time = created
        log = []
        for _ in range(rows):
            time += rng.randint(60_000_000, 4 * 3_600_000_000)
            question_id, rev = ids[rng.randrange(len(ids))]
            correct = rng.random() < 0.8
            log.append((
                trainee, question_id, rev, '["a"]' if correct else '["b"]', '["a","b","c","d"]',
                1 if correct else 0, 1.0 if correct else 0.0, rng.choice([2, 3, 3, 3, 4]) if correct else 1,
                time, rng.randint(2_000, 40_000), "practice" if rng.random() < 0.95 else "cram"))
        db.executemany(
            "INSERT INTO review_log (trainee_id, question_id, question_rev, answer, shown_order, correct,"
            " score, rating, reviewed_at, duration_ms, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            log)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = [db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("trainees", "cards", "review_log")]
    db.close()
    print(f"store: {counts[0]} trainees, {counts[1]} cards, {counts[2]} review-log rows, "
          f"{os.path.getsize(args.store) // 1_000_000} MB ({len(questions)} bank questions)")


if __name__ == "__main__":
    main()
