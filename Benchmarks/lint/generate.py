#!/usr/bin/env python3
"""Writes a large, valid question bank for the lint benchmark.

usage: generate.py OUT.xml [QUESTIONS]   (default 100,000 questions, about 69 MB)
Deterministic: the same count always gives the same bytes.
"""
import random
import sys

BASE = ("client lower back pressure gentle muscle warm stroke palm thumb slow deep tissue "
        "trigger point oil towel spine numbness surgery pregnancy heat cold session feedback "
        "posture stance weight knees breathe comfortable discomfort therapist refer").split()


def vocabulary():
    """The subject's words plus 3,000 made-up ones: a real bank's vocabulary runs to thousands
    of words, so two random questions share few word pairs (as two different real questions
    do), and the near-duplicate rule meets the load it would meet in real banks."""
    rng = random.Random(7)
    onsets = "b c d f g h k l m n p r s t v w br cl dr fl gr pl pr sk sl sp st tr".split()
    vowels = "a e i o u ai ea ee oo ou".split()
    codas = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"]
    made = set()
    while len(made) < 3000:
        made.add("".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                         for _ in range(rng.choice((1, 1, 2)))))
    return BASE + sorted(made)


WORDS = vocabulary()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(42)
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<bank xmlns="urn:spacert:bank:1" id="big" title="Benchmark bank" category="techniques">\n')
        for i in range(count):
            kind = i % 5
            head = f'  <question id="big-{i:06d}" type="%s" difficulty="medium" tags="bench load">\n'
            tail = (f'    <explanation>{sentence(rng, 18)}</explanation>\n'
                    f'    <source article="000_4844a43459959855.txt">Tips</source>\n  </question>\n')
            if kind == 0 or kind == 1:
                typ = "single" if kind == 0 else "multiple"
                f.write(head % typ)
                f.write(f'    <scenario>{sentence(rng, 14)}</scenario>\n    <prompt>{sentence(rng, 10)}</prompt>\n')
                for c in range(4):
                    correct = ' correct="true"' if c == 0 or (kind == 1 and c == 2) else ""
                    f.write(f'    <choice{correct}>Choice {c} {sentence(rng, 6)}</choice>\n')
            elif kind == 2:
                f.write(head % "truefalse")
                f.write(f'    <prompt>{sentence(rng, 16)}</prompt>\n    <answer>{"true" if i % 2 else "false"}</answer>\n')
            elif kind == 3:
                f.write(head % "order")
                f.write(f'    <prompt>{sentence(rng, 10)}</prompt>\n')
                for s in range(4):
                    f.write(f'    <step>Step {s} {sentence(rng, 5)}</step>\n')
            else:
                f.write(head % "match")
                f.write(f'    <prompt>{sentence(rng, 10)}</prompt>\n')
                for p in range(3):
                    f.write(f'    <pair><left>Left {p} {sentence(rng, 3)}</left><right>Right {p} {sentence(rng, 3)}</right></pair>\n')
            f.write(tail)
        f.write('</bank>\n')


if __name__ == "__main__":
    main()
