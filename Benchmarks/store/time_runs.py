#!/usr/bin/env python3
"""Times a command as a whole process: a few warm-up runs, then RUNS timed runs.

    time_runs.py LABEL RUNS TARGET_MS -- COMMAND...    (stdout discarded; a failing run is an error)

Prints min, median and mean in milliseconds and the median against TARGET_MS (0 for none).
Also writes "median_ms" to $TIME_RUNS_OUT when set.
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    label, runs, target = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    command = sys.argv[sys.argv.index("--") + 1:]
    stdin = os.environ.get("TIME_RUNS_STDIN", "").encode()
    for _ in range(3):
        subprocess.run(command, input=stdin, stdout=subprocess.DEVNULL, check=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        samples.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            sys.exit(f"{label}: exit {result.returncode}: {result.stderr.decode().strip()}")
    median = statistics.median(samples)
    verdict = ""
    if target > 0:
        verdict = f"  target {target:.0f} ms: {'met' if median < target else 'MISSED'}"
    print(f"{label:<44} min {min(samples):7.1f}  median {median:7.1f}  mean {statistics.mean(samples):7.1f} ms{verdict}")
    if os.environ.get("TIME_RUNS_OUT"):
        with open(os.environ["TIME_RUNS_OUT"], "w") as out:
            out.write(f"{median}\n")


if __name__ == "__main__":
    main()
