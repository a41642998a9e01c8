"""Neural ``ansum brief``: articles/s per briefing actor on Ray vs the local engine.

Run by hand, once (needs ``pip install -e '.[ray]'`` and the random-weight models that
``benchmarks/speed.py`` builds in /tmp/ansum-speed, see its docstring)::

    .venv/bin/python benchmarks/ray_neural.py                      # 12 articles, windows of 6
    .venv/bin/python benchmarks/ray_neural.py --articles 16 --batch-articles 8 --runs local,ray-1x2

The first N articles of ../shared/data/days/2018-04-14.jsonl (file order, written to a
temporary .jsonl) are briefed with the CTranslate2 int8 models of ``models.toml``
profile ``ctranslate2`` there (random weights, real architectures: mT5-base summarizer
and Marian translator, 4 beams, fixed output lengths 84 / 48 tokens), offline
(``XDG_CACHE_HOME=/tmp/ansum-speed/cache``, ``HF_HUB_OFFLINE=1``), no cache, each run in
its own child process:

1. ``local``: :func:`ansum.brief.build.build_digest`, CTranslate2 on all the cores this
   process may use (2 here); the models are loaded first and timed apart (``load s``);
2. ``ray-1x2``: :func:`ansum.brief.ray_engine.build_digest_ray`, a local Ray instance with
   2 CPUs and one briefing actor of 2 CPUs — the same process budget as ``local``;
3. ``ray-2x1``: 2 CPUs, two actors of 1 CPU each (``ANSUM_CT2_THREADS=1`` in the actors).

Ray walls include each actor's model load (the actors load on their first batch, in
parallel); ``per actor art/s`` is ``N / actors / (wall - load)`` with ``load`` the local
run's.  Digests are checked equal apart from timings (random weights still decode
deterministically).  Wall seconds exclude ``ray.init``.
"""

from __future__ import annotations

import argparse
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
WORK = Path("/tmp/ansum-speed")
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
RUNS = {"local": (0, 0), "ray-1x2": (1, 2), "ray-2x1": (2, 1)}  # (actors, CPUs each)


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _untimed(v):
    if isinstance(v, dict):
        return {k: _untimed(x) for k, x in v.items() if "timing" not in k}
    if isinstance(v, list):
        return [_untimed(x) for x in v]
    return v


def child(run: str, path: str, window: int, out: str) -> None:
    """One run in this process; writes its figures and digest to ``out`` (JSON)."""
    from ansum.brief.build import DigestOptions, build_digest
    from ansum.runtime import BriefOptions, Runtime

    options = DigestOptions(BriefOptions(models_file=WORK / "models.toml",
                                         profile="ctranslate2", offline=True),
                            batch_articles=window)
    actors, cpus = RUNS[run]
    res: dict = {"run": run, "actors": actors}
    runtime = Runtime(options.brief)
    if run == "local":
        t = time.perf_counter()
        runtime.summarizer().preload()
        runtime.translator().preload()
        res["load_s"] = time.perf_counter() - t
        t = time.perf_counter()
        result = build_digest([path], options, runtime=runtime, now=NOW)
    else:
        import ray

        from ansum.brief.ray_engine import RayOptions, build_digest_ray

        env = {k: os.environ[k] for k in ("XDG_CACHE_HOME", "HF_HUB_OFFLINE")}
        if cpus == 1:
            env["ANSUM_CT2_THREADS"] = "1"
        t = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR", runtime_env={"env_vars": env})
        res["init_s"] = time.perf_counter() - t
        t = time.perf_counter()
        result = build_digest_ray([path], options,
                                  RayOptions(concurrency=actors, num_cpus=cpus,
                                             batch_rows=window),
                                  runtime=runtime, now=NOW)
    res["wall_s"] = time.perf_counter() - t
    if run != "local":
        ray.shutdown()
    digest = result.digest
    res["driver_mb"] = _hwm_mb()
    res["inputs"] = {k: digest["inputs"][k] for k in ("articles", "stories", "briefed")}
    res["partial"] = result.partial
    Path(out).write_text(json.dumps({"result": res, "digest": _untimed(digest)}),
                         encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=12, help="first N of the day (12)")
    ap.add_argument("--batch-articles", type=int, default=6,
                    help="articles per model window and per Ray block (6)")
    ap.add_argument("--runs", default="local,ray-1x2,ray-2x1",
                    help="comma-separated: local, ray-1x2, ray-2x1 (default: all three)")
    ap.add_argument("--child", nargs=4, metavar=("RUN", "PATH", "WINDOW", "OUT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run, path, window, out = args.child
        child(run, path, int(window), out)
        return
    if not (WORK / "models.toml").exists():
        sys.exit(f"no {WORK / 'models.toml'}: build the models with benchmarks/speed.py first")
    env = dict(os.environ, XDG_CACHE_HOME=str(WORK / "cache"), HF_HUB_OFFLINE="1")
    env.pop("ANSUM_CT2_THREADS", None)
    lines = (DATA / "days" / "2018-04-14.jsonl").read_text(encoding="utf-8").splitlines()
    n = min(args.articles, len(lines))
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "day.jsonl"
        path.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
        for run in args.runs.split(","):
            dest = Path(tmp) / f"{run}.json"
            subprocess.run([sys.executable, __file__, "--child", run, str(path),
                            str(args.batch_articles), str(dest)], check=True, cwd=ROOT,
                           env=env)
            runs.append(json.loads(dest.read_text(encoding="utf-8")))
            print(json.dumps(runs[-1]["result"]), flush=True)
    same = all(r["digest"] == runs[0]["digest"] for r in runs[1:])
    load = next((r["result"]["load_s"] for r in runs if "load_s" in r["result"]), 0.0)
    print(f"{n} day articles, windows of {args.batch_articles}, CTranslate2 int8 random "
          f"weights; digests equal apart from timings: {same}")
    print("| run | actors × CPUs | wall s | load s | articles/min | per actor art/s |"
          " driver peak RSS MB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in (x["result"] for x in runs):
        actors = max(1, r["actors"])
        busy = r["wall_s"] - (0 if r["run"] == "local" else load)
        shape = "1 process × 2" if r["run"] == "local" else f"{r['actors']} × {RUNS[r['run']][1]}"
        print(f"| {r['run']} | {shape} | {r['wall_s']:.1f} | {r.get('load_s', load):.1f} | "
              f"{60 * n / r['wall_s']:.2f} | {n / actors / busy:.3f} | {r['driver_mb']:.0f} |")
    print("load average (1, 5, 15 min):", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
