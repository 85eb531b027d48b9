#!/usr/bin/env python3
"""Times a command as a whole process: one warm-up run, then RUNS timed runs.

    time_runs.py LABEL RUNS TARGET_MS -- COMMAND...    (stdout and stderr discarded; a failing run is an error)

Prints the wall-clock min and median and the median CPU time (user + system) in milliseconds,
and the median wall time against TARGET_MS (0 for none). The machine may be shared: CPU time
is what the process itself cost, wall time includes waiting for a core.
"""
import resource
import statistics
import subprocess
import sys
import time


def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    label, runs, target = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    command = sys.argv[sys.argv.index("--") + 1:]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall, used = [], []
    for _ in range(runs):
        before, start = cpu(), time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall.append((time.perf_counter() - start) * 1000)
        used.append((cpu() - before) * 1000)
        if result.returncode != 0:
            sys.exit(f"{label}: exit {result.returncode}: {result.stderr.decode().strip()}")
    median = statistics.median(wall)
    verdict = f"  target {target:.0f} ms: {'met' if median < target else 'MISSED'}" if target > 0 else ""
    print(f"{label:<46} wall min {min(wall):6.0f}  median {median:6.0f}  cpu {statistics.median(used):6.0f} ms{verdict}")


if __name__ == "__main__":
    main()
