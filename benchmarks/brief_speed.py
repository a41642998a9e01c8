"""Speed and memory of ``ansum brief``, model-free (``--profile extractive``).

Run by hand, once (it takes about a minute or two on 2 cores)::

    .venv/bin/python benchmarks/brief_speed.py            # all three cases
    .venv/bin/python benchmarks/brief_speed.py --corpus 500

Each case is the real command in a subprocess (start-up included), timed by wall clock;
CPU seconds (user + system) and peak RSS are the child's (``os.wait4``): on a shared
machine the CPU time is the steadier figure.  Targets (issue 14): the
148-article day in < 5 s; 1,000 corpus articles in < 30 s with peak RSS < 500 MB; a
cached re-run of the same 1,000 in < 3 s.

1. ``day``: ../shared/data/days/2018-04-14.jsonl, ``--no-cache``;
2. ``corpus``: the first N articles of corpus/ant-2018.jsonl.gz (written to a temporary
   JSON Lines file), a new empty cache;
3. ``cached``: the same N again on that cache (every brief from the cache).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("ANSUM_SHARED_DATA", ROOT.parent / "shared" / "data"))
ANSUM = [sys.executable, "-m", "ansum"]


def run(args: list[str]) -> tuple[float, float, float, dict]:
    """(wall seconds, CPU seconds, peak RSS MB, digest inputs) of ``ansum brief ARGS``."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        target = out.name
    t = time.perf_counter()
    proc = subprocess.Popen([*ANSUM, "brief", "-p", "extractive", "-f", "json", "-q",
                             "-o", target, *args], cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise SystemExit(f"ansum brief failed with status {status}")
    digest = json.loads(Path(target).read_text(encoding="utf-8"))
    os.unlink(target)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, digest["inputs"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--corpus", type=int, default=1000, metavar="N")
    args = ap.parse_args(argv)
    day = args.data / "days" / "2018-04-14.jsonl"
    if not day.is_file():
        print(f"shared data not found at {args.data} (set ANSUM_SHARED_DATA)", file=sys.stderr)
        return 2
    rows = []
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| case | wall | CPU | peak RSS | digest |\n| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with gzip.open(args.data / "corpus" / "ant-2018.jsonl.gz", "rt", encoding="utf-8") as src:
            corpus.write_text("".join(itertools.islice(src, args.corpus)), encoding="utf-8")
        cache = str(Path(tmp) / "cache.sqlite3")
        for name, case in (("day (148 articles, --no-cache)", ["--no-cache", str(day)]),
                           (f"corpus ({args.corpus} articles, empty cache)",
                            ["--cache", cache, str(corpus)]),
                           (f"cached re-run ({args.corpus} articles)",
                            ["--cache", cache, str(corpus)])):
            wall, cpu, rss, inputs = run(case)
            rows.append((name, wall, rss, inputs))
            print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB | "
                  f"{inputs['articles']} articles, "
                  f"{inputs['stories']} stories, {inputs['duplicates']} duplicates, "
                  f"{inputs['briefed']} briefed, {inputs['from_cache']} from cache |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
