"""The local engine vs Ray Data for ``ansum brief``, model-free (``--profile extractive``).

Run by hand, once (needs ``pip install -e '.[ray]'``)::

    .venv/bin/python benchmarks/ray_bench.py                  # the whole corpus (31,450)
    .venv/bin/python benchmarks/ray_bench.py --articles 5000  # the first 5,000
    .venv/bin/python benchmarks/ray_bench.py --runs local,ray-C          # two of the runs
    .venv/bin/python benchmarks/ray_bench.py --articles 5000 --cache     # a fresh cache file

Three runs, each in its own child process, on the first N articles of
../shared/data/corpus/ant-2018.jsonl.gz (written to a temporary .jsonl.gz), no cache:

1. ``local``: :func:`ansum.brief.build.build_digest`;
2. ``ray-1``: :func:`ansum.brief.ray_engine.build_digest_ray` on a local Ray instance
   with 1 CPU and 1 briefing actor — the same CPU budget as ``local``, so
   ``(wall(ray-1) - wall(local)) / N`` is Ray's scheduling, serialization and
   driver-collection overhead per article;
3. ``ray-C``: ``--cpus C`` CPUs (default 2) and C actors.

Wall seconds exclude ``ray.init`` (reported apart).  Peak RSS per process is
``VmHWM`` of /proc (Linux): the driver's, and the largest and sum over the Ray
processes started by the child (workers, raylet, GCS).  Both digests are checked equal
apart from timings.  ``--runs`` picks the runs (comma-separated ``local``, ``ray-1``,
``ray-C``; the overhead line needs ``local`` and ``ray-1``).

Driver-side costs: the child wraps the driver's steps listed in :data:`_TIMED`
(features collection, duplicate detection + story grouping, cache reads and writes,
outcome bookkeeping, digest assembly) and reports each one's exclusive seconds (a timed
step's time inside another is counted once, in the inner one) as ms per article, and the
driver's RSS before the run and after collecting the features.  With no ``--cache`` the
brief store is a fresh temporary SQLite file (the same writes, minus the "shown before"
marks of a persistent cache); ``--cache`` uses a fresh persistent file per run.
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
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("ANSUM_SHARED_DATA", ROOT.parent / "shared" / "data"))
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
CACHE_ENV = "ANSUM_RAY_BENCH_CACHE"  # set by --cache for the child runs


def _hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _untimed(v):
    if isinstance(v, dict):
        return {k: _untimed(x) for k, x in v.items() if "timing" not in k}
    if isinstance(v, list):
        return [_untimed(x) for x in v]
    return v


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# The driver-side steps timed (exclusive seconds: a nested timed step's time is not
# counted twice), by (module, attribute) wrapped in place for this child process only.
_TIMED = (
    ("ansum.brief.ray_engine", "_collect", "collect features"),
    ("ansum.brief.ray_engine", "_lsh_pairs", "LSH pairs (Ray shuffle)"),
    ("ansum.brief.ray_engine", "group_articles", "dedup + stories"),
    ("ansum.brief.build", "group_articles", "dedup + stories"),
    ("ansum.brief.ray_engine", "wanted_mentions", "wanted mentions"),
    ("ansum.brief.build", "wanted_mentions", "wanted mentions"),
    ("ansum.brief.ray_engine", "apply_outcomes", "apply outcomes"),
    ("ansum.brief.build", "apply_outcomes", "apply outcomes"),
    ("ansum.brief.ray_engine", "assemble_digest", "assemble digest"),
    ("ansum.brief.build", "assemble_digest", "assemble digest"),
    ("ansum.brief.cache", "BriefCache._put", "cache writes"),
    ("ansum.brief.cache", "BriefCache._get", "cache reads"),
    ("ansum.brief.cache", "BriefCache.mark_shown", "cache writes"),
    ("ansum.brief.cache", "BriefCache.shown_before", "cache reads"),
)


def _instrument(timings: dict, marks: dict) -> None:
    """Wrap the :data:`_TIMED` steps to add their exclusive seconds to ``timings``."""
    import importlib

    stack: list[float] = []  # the nested time of each open step

    def wrap(fn, label):
        def timed(*args, **kwargs):
            stack.append(0.0)
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                el = time.perf_counter() - t
                nested = stack.pop()
                timings[label] = timings.get(label, 0.0) + el - nested
                if stack:
                    stack[-1] += el
                if label == "collect features":
                    marks["rss_after_collect_mb"] = _rss_mb()
        return timed

    for mod, attr, label in _TIMED:
        owner = importlib.import_module(mod)
        *outer, name = attr.split(".")
        for o in outer:
            owner = getattr(owner, o)
        setattr(owner, name, wrap(getattr(owner, name), label))


def child(engine: str, path: str, cpus: int, out: str) -> None:
    from ansum.brief.build import DigestOptions, build_digest
    from ansum.runtime import BriefOptions

    timings: dict[str, float] = {}
    marks: dict[str, float] = {"rss_start_mb": _rss_mb()}
    _instrument(timings, marks)

    options = DigestOptions(BriefOptions(profile="extractive"))
    res: dict = {"engine": engine, "cpus": cpus}
    cache = None
    if os.environ.get(CACHE_ENV):  # --cache: a fresh persistent store per run
        from ansum.brief.cache import BriefCache

        cache = BriefCache(Path(os.environ[CACHE_ENV]) / f"{engine}-{cpus}.sqlite3")
    if engine == "local":
        t = time.perf_counter()
        digest = build_digest([path], options, cache=cache, now=NOW).digest
        res["wall_s"] = time.perf_counter() - t
        res["workers_mb"] = []
    else:
        import ray

        from ansum.brief.ray_engine import RayOptions, build_digest_ray

        t = time.perf_counter()
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR")
        res["init_s"] = time.perf_counter() - t
        t = time.perf_counter()
        digest = build_digest_ray([path], options, RayOptions(concurrency=cpus),
                                  cache=cache, now=NOW).digest
        res["wall_s"] = time.perf_counter() - t
        res["workers_mb"] = [_hwm_mb(p) for p in _descendants(os.getpid())]
        ray.shutdown()
    res["driver_mb"] = _hwm_mb(os.getpid())
    res["driver_s"] = timings
    res["marks"] = marks
    res["inputs"] = {k: digest["inputs"][k] for k in ("articles", "stories", "briefed")}
    Path(out).write_text(json.dumps({"result": res, "digest": _untimed(digest)}),
                         encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=None, help="first N (default: all)")
    ap.add_argument("--cpus", type=int, default=2, help="CPUs and actors of the 3rd run")
    ap.add_argument("--runs", default="local,ray-1,ray-C",
                    help="comma-separated runs: local, ray-1, ray-C (default: all three)")
    ap.add_argument("--cache", action="store_true",
                    help="brief with a fresh persistent cache file per run (as --cache)")
    ap.add_argument("--child", nargs=4, metavar=("ENGINE", "PATH", "CPUS", "OUT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        engine, path, cpus, out = args.child
        child(engine, path, int(cpus), out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl.gz"
        with gzip.open(DATA / "corpus" / "ant-2018.jsonl.gz", "rt", encoding="utf-8") as f, \
                gzip.open(path, "wt", encoding="utf-8") as out:
            n = 0
            for line in itertools.islice(f, args.articles):
                out.write(line)
                n += 1
        runs = []
        chosen = {"local": ("local", 1), "ray-1": ("ray", 1), "ray-C": ("ray", args.cpus)}
        todo = [chosen[r] for r in args.runs.split(",")]
        for engine, cpus in todo:
            dest = Path(tmp) / f"{engine}-{cpus}.json"
            env = dict(os.environ, **({CACHE_ENV: tmp} if args.cache else {}))
            subprocess.run([sys.executable, __file__, "--child", engine, str(path),
                            str(cpus), str(dest)], check=True, cwd=ROOT, env=env)
            runs.append(json.loads(dest.read_text(encoding="utf-8")))
            print(json.dumps(runs[-1]["result"]), flush=True)  # each run's figures as it ends
    same = all(r["digest"] == runs[0]["digest"] for r in runs[1:])
    base = runs[0]["result"]["wall_s"]
    print(f"{n} articles, model-free, {'a fresh --cache' if args.cache else 'no cache'}; "
          f"digests equal apart from timings: {same}")
    print("| run | wall s | articles/s | vs local | ray.init s | driver peak RSS MB |"
          " Ray processes peak RSS MB (max / sum) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in (x["result"] for x in runs):
        name = "local" if r["engine"] == "local" else f"ray-{r['cpus']}"
        w = r["workers_mb"]
        print(f"| {name} | {r['wall_s']:.1f} | {n / r['wall_s']:.1f} | "
              f"{base / r['wall_s']:.2f}× | {r.get('init_s', 0):.1f} | {r['driver_mb']:.0f} | "
              f"{(max(w) if w else 0):.0f} / {sum(w):.0f} |")
    one = [x["result"] for x in runs if x["result"]["engine"] == "ray" and x["result"]["cpus"] == 1]
    if runs[0]["result"]["engine"] == "local" and one:
        over = (one[0]["wall_s"] - base) / n * 1000
        print(f"Ray overhead per article (ray-1 - local, same 1 CPU): {over:.2f} ms")
    print("Driver-side steps, ms per article (exclusive; see _TIMED):")
    for r in (x["result"] for x in runs):
        name = "local" if r["engine"] == "local" else f"ray-{r['cpus']}"
        steps = ", ".join(f"{k} {v / n * 1000:.2f}" for k, v in sorted(r["driver_s"].items()))
        m = r["marks"]
        print(f"- {name}: {steps}; RSS start/after collect MB: "
              f"{m.get('rss_start_mb', 0):.0f}/{m.get('rss_after_collect_mb', 0):.0f}")
    print("load average (1, 5, 15 min):", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
