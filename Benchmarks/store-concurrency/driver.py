#!/usr/bin/env python3
"""Drives N `spacert quiz --jsonl` processes at once, one per simulated trainee, from one
selector loop, and times every answer from the moment its line is written to the moment its
acknowledgement (the `feedback` event) is read.

    driver.py quiz --bin SPACERT --db STORE --banks DIR --trainees N [--answers K] [--seconds S]
                   [--think-ms T]
    driver.py exam --bin SPACERT --db STORE --banks DIR --processes N --trainee NAME

quiz: each trainee answers until it has K acknowledged answers or S seconds have passed. A
session that runs out of questions is followed by another a few days later on spacert's clock
(SPACERT_NOW, from $SPACERT_NOW onwards), when cards are due again: practice as it is, only faster. Prints one JSON line: answers, seconds, latencies
(p50, p99), errors, and the acknowledged count per trainee (for the lost-answer check).
With --think-ms, each trainee waits about T ms (0.5 T to 1.5 T, the same spread on every run)
after each question before answering, as a person reads: the store at a paced load rather than
flat out; latency is still timed from the answer written to its acknowledgement.

exam: N `spacert exam --jsonl` processes for ONE trainee start together; each that is shown a
question quits at once (the attempt stays open), each that is refused says why on stderr.
Prints one JSON line: the attempt ids shown, how many were refused, and the refusal lines.
"""
import argparse
import datetime
import json
import os
import selectors
import subprocess
import sys
import time


def answer_for(question):
    """A well-formed answer to a question event (right or wrong does not matter here)."""
    kind = question.get("type")
    if kind == "match":
        left = [c["key"] for c in question.get("left", [])]
        right = [c["key"] for c in question.get("right", [])]
        return {"answer": dict(zip(left, right))}
    keys = [c["key"] for c in question.get("choices", [])]
    if kind == "order":
        return {"answer": keys}
    return {"answer": keys[:1]}


class Trainee:
    def __init__(self, args, name, selector):
        self.args = args
        self.name = name
        self.selector = selector
        self.acked = 0
        self.errors = []
        self.latencies = []
        self.sent_at = None
        self.process = None
        self.buffer = b""
        self.done = False
        self.sessions = 0
        self.days = 0
        self.session_acked = 0
        self.pending = None
        self.due_at = None
        self.thinks = 0
        self.start()

    def start(self):
        self.sessions += 1
        # The next session a few days on (a month when the last one found nothing to ask).
        self.days += 3 if self.session_acked or self.sessions == 1 else 30
        self.session_acked = 0
        env = dict(os.environ)
        env["SPACERT_NOW"] = (self.args.base + datetime.timedelta(days=self.days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.process = subprocess.Popen(
            [self.args.bin, "quiz", "--jsonl", "--trainee", self.name, "--new", "1000",
             "--limit", str(self.args.answers), "--db", self.args.db, "--banks", self.args.banks],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        os.set_blocking(self.process.stdout.fileno(), False)
        self.buffer = b""
        self.selector.register(self.process.stdout, selectors.EVENT_READ, self)

    def send(self, obj):
        try:
            self.process.stdin.write((json.dumps(obj) + "\n").encode())
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            self.errors.append(f"{self.name}: write failed: {error}")

    def finish_session(self):
        """The process ended its output: reap it, and start another session if there is time."""
        self.selector.unregister(self.process.stdout)
        try:
            self.process.stdin.close()
        except OSError:
            pass
        status = self.process.wait()
        stderr = self.process.stderr.read().decode(errors="replace").strip()
        if status != 0:
            self.errors.append(f"{self.name}: exit {status}: {stderr.splitlines()[-1] if stderr else ''}")
        if self.sent_at is not None:
            self.errors.append(f"{self.name}: an answer got no acknowledgement")
            self.sent_at = None
        if not self.done and status == 0 and time.monotonic() < self.args.deadline \
                and self.acked < self.args.answers and self.sessions < 1000:
            self.start()
        else:
            self.done = True

    def on_line(self, line):
        try:
            event = json.loads(line)
        except ValueError:
            self.errors.append(f"{self.name}: not JSON: {line[:80]!r}")
            return
        kind = event.get("event")
        now = time.monotonic()
        if kind == "feedback":
            if self.sent_at is None:
                self.errors.append(f"{self.name}: feedback without an answer")
                return
            self.latencies.append(now - self.sent_at)
            self.sent_at = None
            self.acked += 1
            self.session_acked += 1
        elif kind == "question":
            if self.acked >= self.args.answers or now >= self.args.deadline:
                self.done = True
                self.send({"command": "quit"})
                self.process.stdin.close()
                return
            if self.args.think_ms > 0:
                # 0.5 T to 1.5 T, stepping through the spread so every run waits alike.
                self.thinks += 1
                spread = ((self.thinks * 7 + len(self.name)) % 11) / 10
                self.pending = answer_for(event)
                self.due_at = now + self.args.think_ms / 1000 * (0.5 + spread)
                return
            self.sent_at = time.monotonic()
            self.send(answer_for(event))
        elif kind == "error":
            self.errors.append(f"{self.name}: {event.get('message')}")
        # summary: the session ends; EOF follows.

    def send_if_due(self, now):
        """Sends the answer a trainee was thinking about, once its time has come."""
        if self.pending is None or now < self.due_at:
            return
        answer, self.pending, self.due_at = self.pending, None, None
        self.sent_at = time.monotonic()
        self.send(answer)

    def readable(self):
        try:
            chunk = os.read(self.process.stdout.fileno(), 65536)
        except BlockingIOError:
            return
        if not chunk:
            self.finish_session()
            return
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            if line.strip() and self.process.stdin and not self.process.stdin.closed:
                self.on_line(line)


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def run_quiz(args):
    selector = selectors.DefaultSelector()
    now = os.environ.get("SPACERT_NOW", "2026-03-02T09:00:00Z").replace("Z", "+00:00")
    args.base = datetime.datetime.fromisoformat(now)
    started = time.monotonic()
    args.deadline = started + args.seconds
    trainees = [Trainee(args, f"t{i:02d}", selector) for i in range(1, args.trainees + 1)]
    hard_stop = args.deadline + 60
    while any(not t.done for t in trainees) or selector.get_map():
        if time.monotonic() > hard_stop:
            for t in trainees:
                if t.process.poll() is None:
                    t.process.kill()
                    t.errors.append(f"{t.name}: still running a minute after the deadline; killed")
            break
        due = [t.due_at for t in trainees if t.due_at is not None]
        wait = 1.0 if not due else max(0.0, min(1.0, min(due) - time.monotonic()))
        for key, _ in selector.select(timeout=wait):
            key.data.readable()
        now = time.monotonic()
        for t in trainees:
            t.send_if_due(now)
    elapsed = time.monotonic() - started
    latencies = [x for t in trainees for x in t.latencies]
    errors = [e for t in trainees for e in t.errors]
    print(json.dumps({
        "trainees": args.trainees,
        "answers": len(latencies),
        "seconds": elapsed,
        "p50_ms": None if not latencies else percentile(latencies, 0.50) * 1000,
        "p99_ms": None if not latencies else percentile(latencies, 0.99) * 1000,
        "errors": len(errors),
        "error_lines": errors[:5],
        "acked": {t.name: t.acked for t in trainees},
    }))


def run_exam(args):
    command = [args.bin, "exam", "--jsonl", "--trainee", args.trainee, "--db", args.db, "--banks", args.banks]
    processes = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(args.processes)]
    attempts, refused, other, refusals = [], [], [], []
    deadline = time.monotonic() + 120
    for process in processes:
        # The first event: a question (the attempt started or resumed) or nothing (refused).
        line = process.stdout.readline()
        if line:
            try:
                event = json.loads(line)
            except ValueError:
                event = {}
            if event.get("event") == "question":
                attempts.append(event.get("attempt"))
                process.stdin.write(b'{"command":"quit"}\n')
            elif event.get("event") == "refused":
                refusals.append("; ".join(event.get("reasons", [])))
        try:
            process.stdin.close()
        except OSError:
            pass
    for process in processes:
        remaining = max(1.0, deadline - time.monotonic())
        try:
            status = process.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            process.kill()
            status = "hung"
        stderr = process.stderr.read().decode(errors="replace").strip()
        if status == 1:
            refused.append(stderr.splitlines()[-1] if stderr else "")
        elif status != 0:
            other.append(f"exit {status}: {stderr.splitlines()[-1] if stderr else ''}")
    print(json.dumps({
        "processes": args.processes,
        "shown": len(attempts),
        "attempt_ids": sorted(set(a for a in attempts if a)),
        "refused": len(refused),
        "refusal_lines": sorted(set(refusals + [r for r in refused if r]))[:3],
        "errors": len(other),
        "error_lines": other[:3],
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["quiz", "exam"])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--banks", required=True)
    parser.add_argument("--trainees", type=int, default=1)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--think-ms", type=float, default=0)
    parser.add_argument("--processes", type=int, default=64)
    parser.add_argument("--trainee", default="racer")
    args = parser.parse_args()
    if args.mode == "quiz":
        run_quiz(args)
    else:
        run_exam(args)


if __name__ == "__main__":
    sys.exit(main())
