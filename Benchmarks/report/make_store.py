#!/usr/bin/env python3
"""Fills a spacert progress store for the report benchmark.

The store must already exist (made by spacert itself, so the schema is exactly what its
migrations create, the exam ledger included): this script only adds rows. By default 1,000
trainees, 20,000 graded exam attempts and 1,000,000 review-log rows (with the cards they leave).

Exam attempts are drawn from the banks by the policy's blueprint and graded by its rules
(credit rules, pass mark, area minimums, every critical question right), each trainee with an
ability and each question with an ease, so the item analysis has something to find. Each
attempt is two ledger rows, its `start` and its `result` (per-answer rows are left out: no
report reads them), chained with the ledger's hash exactly as spacert writes it, so
`spacert audit` finds the ledger intact. Result bodies are ExamResult as JSON with sorted keys,
Swift property names and ISO 8601 times with milliseconds, as ExamCoding writes them.

    make_store.py STORE BANKS_DIR [--trainees N] [--attempts N] [--log-rows N] [--now ISO]
"""
import argparse
import datetime
import glob
import hashlib
import json
import math
import os
import random
import sqlite3
import sys
import xml.etree.ElementTree as ET

BANK = "{urn:spacert:bank:1}"
POLICY = "{urn:spacert:policy:1}"
DAY = 86_400_000_000
FIRST = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hugo", "Ines", "Jun", "Kai", "Lena",
         "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Vito", "Wen", "Yara"]
LAST = ["Abara", "Berg", "Costa", "Dubois", "Eze", "Fischer", "García", "Haddad", "Ivanova", "Jensen",
        "Kim", "Lopez", "Müller", "Nakamura", "O'Neil", "Patel", "Quispe", "Rossi", "Silva", "Tanaka",
        "Umar", "Varga", "Wang", "Xu", "Yilmaz", "Zulu"]


def load_banks(directory):
    """Questions (dicts) and the policy found in the banks folder."""
    questions, policy = [], None
    for path in sorted(glob.glob(os.path.join(directory, "**", "*.xml"), recursive=True)):
        root = ET.parse(path).getroot()
        if root.tag == POLICY + "policy":
            policy = read_policy(root)
            continue
        if root.tag != BANK + "bank":
            continue
        category = root.get("category")
        for q in root.iter(BANK + "question"):
            kind = q.get("type")
            question = {"id": q.get("id"), "rev": int(q.get("rev", "1")), "category": category, "type": kind,
                        "critical": q.get("critical") == "true"}
            if kind in ("single", "multiple"):
                question["correct"] = [c.get("correct") == "true" for c in q.findall(BANK + "choice")]
            elif kind == "truefalse":
                truth = (q.findtext(BANK + "answer") or "").strip() == "true"
                question["correct"] = [truth, not truth]
            elif kind == "order":
                question["parts"] = len(q.findall(BANK + "step"))
            elif kind == "match":
                question["parts"] = len(q.findall(BANK + "pair"))
            questions.append(question)
    return questions, policy


def read_policy(root):
    blueprint = [(a.get("category"), int(a.get("questions")), float(a.get("minimum")))
                 for a in root.iter(POLICY + "area")]
    passing = root.find(POLICY + "pass")
    credit = root.find(POLICY + "partial-credit")
    validity = root.find(POLICY + "validity")
    return {"id": root.get("id"), "areas": blueprint, "mark": float(passing.get("mark")),
            "all_critical": passing.get("all-critical", "true") == "true",
            "credit": {k: (credit.get(k) if credit is not None else "all-or-nothing") or "all-or-nothing"
                       for k in ("multiple", "order", "match")},
            "months": int(validity.get("months")) if validity is not None else 12}


def iso(micros):
    """ExamCoding's time: ISO 8601 UTC with milliseconds."""
    moment = datetime.datetime.fromtimestamp(micros // 1000 / 1000, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def number(value):
    """A score as Swift writes it: 1 rather than 1.0."""
    return int(value) if value == int(value) else round(value, 12)


def answer_item(rng, position, question, skill, policy):
    """One graded item: (GradedItem dict, answered right)."""
    kind = question["type"]
    p_right = 1 / (1 + math.exp(-(skill + question["ease"])))
    letters = "abcdefghijklmnopqrstuvwxyz"
    item = {"position": position, "questionID": question["id"], "rev": question["rev"],
            "category": question["category"], "type": kind, "critical": question["critical"],
            "picked": [], "score": 0, "correct": False}
    if rng.random() < 0.01:
        item["answer"] = None
        return item
    right = rng.random() < p_right
    if kind in ("single", "truefalse"):
        correct = [i for i, c in enumerate(question["correct"]) if c]
        wrong = [i for i, c in enumerate(question["correct"]) if not c]
        lure = question["lure"][:len(wrong)]
        if wrong and not any(lure):
            lure[0] = 1.0
        picked = correct[0] if right or not wrong else rng.choices(wrong, weights=lure)[0]
        item["picked"] = [picked]
        item["answer"] = [letters[picked]]
        item["correct"] = picked in correct
        item["score"] = 1 if item["correct"] else 0
    elif kind == "multiple":
        flags = question["correct"]
        correct = {i for i, c in enumerate(flags) if c}
        if right:
            picked = set(correct)
        else:
            picked = set()
            while not picked or picked == correct:
                picked = {i for i in range(len(flags)) if rng.random() < (0.6 if i in correct else 0.3)}
        hits = len(picked & correct)
        raw = max(0.0, (hits - (len(picked) - hits)) / len(correct))
        item["picked"] = sorted(picked)
        item["answer"] = [letters[i] for i in sorted(picked)]
        item["correct"] = picked == correct
        item["score"] = 1 if item["correct"] else (raw if policy["credit"]["multiple"] == "proportional" else 0)
    else:
        parts = question["parts"]
        placed = parts if right else rng.choice([k for k in range(parts - 1) if k != parts - 1])
        item["correct"] = placed == parts
        if kind == "order":
            item["answer"] = [letters[i] for i in range(parts)]
        else:
            item["answer"] = {str(i + 1): letters[i] for i in range(parts)}
        proportional = policy["credit"][kind] == "proportional"
        item["score"] = 1 if item["correct"] else (placed / parts if proportional else 0)
    item["score"] = number(item["score"])
    return item


def grade(items, policy):
    """(score, categories, reasons) as ExamGrader works them out."""
    total = sum(i["score"] for i in items)
    score = total / len(items)
    reasons, categories = [], {}
    if score + 1e-9 < policy["mark"]:
        reasons.append(f"overall score {score * 100:.1f}% is below the pass mark of {policy['mark'] * 100:.0f}%")
    for category, _, minimum in policy["areas"]:
        area = [i for i in items if i["category"] == category]
        if not area:
            continue
        value = sum(i["score"] for i in area) / len(area)
        categories[category] = number(value)
        if value + 1e-9 < minimum:
            reasons.append(f"{category} scored {value * 100:.1f}%, below the area minimum of {minimum * 100:.0f}%")
    if policy["all_critical"]:
        for i in items:
            if i["critical"] and not i["correct"]:
                verb = "left critical question" if i["answer"] is None else "missed critical question"
                reasons.append(f"{verb} {i['questionID']}" + (" unanswered" if i["answer"] is None else ""))
    return number(score), categories, reasons


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("banks")
    parser.add_argument("--trainees", type=int, default=1000)
    parser.add_argument("--attempts", type=int, default=20_000)
    parser.add_argument("--log-rows", type=int, default=1_000_000)
    parser.add_argument("--now", default="2026-03-02T09:00:00+00:00")
    parser.add_argument("--seed", type=int, default=20260302)
    args = parser.parse_args()

    now = int(datetime.datetime.fromisoformat(args.now.replace("Z", "+00:00")).timestamp()) * 1_000_000
    questions, policy = load_banks(args.banks)
    if not questions or policy is None:
        sys.exit(f"make_store.py: no questions or no certification policy in {args.banks}")
    rng = random.Random(args.seed)
    by_category = {}
    for q in questions:
        q["ease"] = rng.gauss(1.6, 1.0)
        # How much each wrong choice lures; a few questions have a distractor no one picks.
        q["lure"] = [rng.choice([0.0, 1.0, 1.0, 2.0, 4.0]) for _ in range(8)]
        by_category.setdefault(q["category"], []).append(q)
    critical = [q for q in questions if q["critical"]]

    db = sqlite3.connect(args.store)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"trainees", "cards", "review_log", "exam_ledger"} <= tables:
        sys.exit(f"make_store.py: {args.store} is not a spacert store with an exam ledger "
                 "(run 'spacert trainee list --db' with this spacert first)")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")

    trainees = []
    names = [f"{f} {l}" for l in LAST for f in FIRST]
    rng.shuffle(names)
    for t in range(args.trainees):
        name = names[t] if t < len(names) else f"Trainee {t:05d}"
        created = now - rng.randint(60, 800) * DAY
        tid = db.execute("INSERT INTO trainees (name, created, archived) VALUES (?, ?, 0)",
                         (name, created)).lastrowid
        trainees.append({"id": tid, "name": name, "created": created, "skill": rng.gauss(0.3, 0.9),
                         "active": rng.random()})

    # Review log and cards: each trainee practises a share of the questions, more for active ones.
    weights = [t["active"] + 0.05 for t in trainees]
    counts = [0] * len(trainees)
    scale = args.log_rows / sum(weights)
    for i, w in enumerate(weights):
        counts[i] = int(w * scale)
    counts[-1] += args.log_rows - sum(counts)
    log_rows, card_rows = [], []
    for trainee, count in zip(trainees, counts):
        if count <= 0:
            continue
        pool = rng.sample(questions, k=min(len(questions), max(1, count // 6)))
        last_active = now - int((1 - trainee["active"]) * 90 * DAY) - rng.randint(0, DAY)
        first_time = min(trainee["created"], last_active - DAY)
        step = max(1, (last_active - first_time) // count)
        seen = {}
        for n in range(count):
            question = pool[n % len(pool)]
            when = first_time + n * step
            right = rng.random() < 1 / (1 + math.exp(-(trainee["skill"] + question["ease"])))
            mode = "cram" if rng.random() < 0.05 else "practice"
            rating = 1 if not right else rng.choice([2, 3, 3, 3, 4])
            log_rows.append((trainee["id"], question["id"], question["rev"], '["a"]', "[0,1,2]", int(right),
                             1.0 if right else 0.0, rating, when, rng.randint(2000, 30000), mode))
            if mode == "practice":
                seen[question["id"]] = (question["rev"], when, seen.get(question["id"], (0, 0, 0))[2] + 1)
        for question_id, (rev, last, reps) in seen.items():
            stability = math.exp(rng.uniform(math.log(0.5), math.log(120)))
            state = 2 if reps > 2 else rng.choice([1, 3])
            due = last + (max(1, round(stability)) * DAY if state == 2 else 600_000_000)
            card_rows.append((trainee["id"], question_id, rev, state, None if state == 2 else 0, stability,
                              rng.uniform(1, 10), due, last, reps, rng.randint(0, 3), last - reps * DAY))
    db.executemany("""INSERT INTO review_log (trainee_id, question_id, question_rev, answer, shown_order,
        correct, score, rating, reviewed_at, duration_ms, mode) VALUES (?,?,?,?,?,?,?,?,?,?,?)""", log_rows)
    db.executemany("""INSERT INTO cards (trainee_id, question_id, question_rev, state, step, stability,
        difficulty, due, last_review, reps, lapses, introduced) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", card_rows)

    # Exam attempts, oldest first, spread over the last two years (some trainees never sit one).
    sitters = [t for t in trainees if rng.random() < 0.85] or trainees
    attempts = []
    for n in range(args.attempts):
        trainee = sitters[n % len(sitters)] if n < len(sitters) else rng.choice(sitters)
        started = now - rng.randint(DAY // 24, 730 * DAY)
        attempts.append((started, trainee))
    attempts.sort(key=lambda pair: pair[0])
    seq, previous = 0, "0" * 64
    banks_hash = hashlib.sha256(b"benchmark banks").hexdigest()
    policy_hash = hashlib.sha256(b"benchmark policy").hexdigest()

    def append(attempt, trainee_id, kind, at, body):
        nonlocal seq, previous
        seq += 1
        text = f"spacert-ledger-1\n{previous}\n{seq}\n{attempt}\n{trainee_id}\n{kind}\n{at}\n{body}"
        digest = hashlib.sha256(text.encode()).hexdigest()
        db.execute("""INSERT INTO exam_ledger (seq, attempt, trainee_id, kind, at, body, prev_hash, hash)
            VALUES (?,?,?,?,?,?,?,?)""", (seq, attempt, trainee_id, kind, at, body, previous, digest))
        previous = digest

    for number_, (started, trainee) in enumerate(attempts):
        started -= started % 1000
        attempt_id = f"bench-{number_:06d}"
        drawn = []
        for category, count, _ in policy["areas"]:
            drawn += rng.sample(by_category[category], k=min(count, len(by_category[category])))
        rng.shuffle(drawn)
        skill = trainee["skill"] + rng.gauss(0, 0.4)
        items = [answer_item(rng, i + 1, q, skill, policy) for i, q in enumerate(drawn)]
        roll = rng.random()
        ending = "voided" if roll < 0.01 else "timed-out" if roll < 0.05 else "submitted"
        finished = started + rng.randint(8 * 60, 45 * 60) * 1_000_000
        score, categories, reasons = grade(items, policy)
        start = {"attemptID": attempt_id, "bankFiles": [], "banksHash": banks_hash,
                 "deadline": iso(started + 45 * 60 * 1_000_000), "policyHash": policy_hash,
                 "policyID": policy["id"],
                 "questions": [{"category": q["category"], "critical": q["critical"], "questionID": q["id"],
                                "rev": q["rev"], "shown": [], "type": q["type"]} for q in drawn],
                 "seed": attempt_id, "started": iso(started), "trainee": trainee["name"],
                 "traineeID": trainee["id"]}
        append(attempt_id, trainee["id"], "start", started, canonical(start))
        result = {"attemptID": attempt_id, "banksHash": banks_hash, "categories": categories,
                  "ending": ending, "finished": iso(finished),
                  "items": [{k: v for k, v in item.items() if v is not None} for item in items],
                  "passed": not reasons, "policyHash": policy_hash, "policyID": policy["id"],
                  "reasons": reasons, "score": score, "started": iso(started), "trainee": trainee["name"],
                  "traineeID": trainee["id"]}
        append(attempt_id, trainee["id"], "result", finished, canonical(result))
    db.commit()
    db.close()
    print(f"make_store.py: {len(trainees)} trainees, {len(attempts)} exam attempts, {len(log_rows)} review-log "
          f"rows, {len(card_rows)} cards ({len(critical)} critical questions in the banks)", file=sys.stderr)


if __name__ == "__main__":
    main()
