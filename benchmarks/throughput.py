"""Throughput of a day of news: per-article path against the cross-article path.

Run through ``benchmarks/speed.py --throughput N [--batch-articles W]`` (which builds the
random-weight models first, see its docstring).  N articles of
../shared/data/days/2018-04-14.jsonl (file order) go through (a) today's per-article
path (:func:`ansum.pipeline.build_brief` per article) and (b) the batched path
(:func:`ansum.batch.build_briefs` over windows of W articles, one translation memo),
each in its own process, with the same CTranslate2 int8 models (random weights, real
architectures, 4 beams, fixed output lengths: 84 summary / 48 translation tokens).

Reported per path: articles per minute (after model load), generated tokens/s (inputs
× max_new_tokens ÷ generate time), overhead (% of wall time outside generate and
tokenize calls), peak RSS, model calls, decoding steps, memo hits; the ratio b/a.

Floor estimate (per article, lower bound of the time for the model work done):
* memory: weight bytes read per decoding step (int8: one byte per decoder weight and
  output-layer entry; mT5-base 291 MB, Marian 54 MB, counted from the configs) ×
  decoding steps (max_new_tokens per CTranslate2 sub-batch, see ansum.backends.ct2
  .batch_limit) ÷ the
  measured memory bandwidth (numpy copy of 512 MB, read + write bytes ÷ time);
* compute: int8 multiply-adds (2 ops each) of every hypothesis' step (beams × inputs ×
  steps × decoder+output weights) and of the encoders (weights × input tokens) ÷ the
  peak of this CPU: AVX-512 VNNI, 2 FMA ports × 64 int8 MACs per cycle per core
  (Intel optimization manual), × cores × the clock in /proc/cpuinfo.  AMX tiles, when
  the int8 GEMM library uses them, raise that peak about 8×; attention over the input
  and beam bookkeeping are not counted.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAY = ROOT.parent / "shared" / "data" / "days" / "2018-04-14.jsonl"


def sub_batches(lengths: list[int], limit: int, kind: str) -> int:
    """CTranslate2 sub-batches of one translate_batch call: inputs sorted by length, each
    batch filled up to ``limit`` inputs (kind "examples") or input tokens ("tokens")."""
    count, used = 0, limit + 1
    for n in sorted(lengths, reverse=True):
        step = n if kind == "tokens" else 1
        if used + step > limit:
            count, used = count + 1, 0
        used += step
    return count


def day_articles(n: int) -> list[tuple[str, str]]:
    """First ``n`` (id, title + text) of the day file, in file order."""
    out = []
    for row in DAY.read_text(encoding="utf-8").splitlines()[:n]:
        rec = json.loads(row)
        out.append((rec["id"], f"{rec.get('title', '')}\n\n{rec['text']}"))
    return out


def _step_weights(cfg: dict) -> tuple[int, int]:
    """(weights read per decoding step, encoder weights) of a config, in parameters."""
    d = cfg["d_model"]
    if cfg["model_type"] == "mt5":
        inner, ff, dec, enc = cfg["num_heads"] * cfg["d_kv"], cfg["d_ff"], \
            cfg["num_decoder_layers"], cfg["num_layers"]
        ffn = 3 * d * ff  # gated GELU: wi_0, wi_1, wo
        step = dec * (4 * d * inner + 2 * d * inner + ffn) + cfg["vocab_size"] * d
        return step, enc * (4 * d * inner + ffn)
    ff, dec, enc = cfg["decoder_ffn_dim"], cfg["decoder_layers"], cfg["encoder_layers"]
    step = dec * (4 * d * d + 2 * d * d + 2 * d * ff) + cfg["vocab_size"] * d
    return step, enc * (4 * d * d + 2 * d * ff)


class Counted:
    """Protocol proxy adding up time, calls, decoding steps and multiply-adds."""

    def __init__(self, backend, stats: dict, role: str, cfg: dict) -> None:
        self._b, self._s, self._role = backend, stats, role
        self.name, self.spec = backend.name, backend.spec
        self._step, self._enc = _step_weights(cfg)

    @property
    def max_input_tokens(self) -> int:
        return self._b.max_input_tokens

    def _add(self, key: str, value: float) -> None:
        self._s[key] = self._s.get(key, 0) + value

    def count_tokens(self, text: str) -> int:
        start = time.perf_counter()
        try:
            return self._b.count_tokens(text)
        finally:
            self._add("tokenize", time.perf_counter() - start)

    def _gen(self, fn, texts, safe=False):
        gen = self.spec.generation
        beams = max(4, gen.num_beams) if safe else gen.num_beams
        new = gen.max_new_tokens
        start = time.perf_counter()
        lengths = [self._b.count_tokens(t) for t in texts]
        in_tokens = sum(lengths)
        subs = sub_batches(lengths, *batch_limit(self.spec))
        self._add("measure", time.perf_counter() - start)  # the benchmark's own cost
        self._add("calls", 1)
        self._add("tokens", len(texts) * new)
        self._add("steps_" + self._role, subs * new)
        self._add("weight_bytes", subs * new * self._step)
        self._add("macs", len(texts) * beams * new * self._step + in_tokens * self._enc)
        start = time.perf_counter()
        try:
            return fn(texts) if not safe else fn(texts, safe=True)
        finally:
            self._add("generate", time.perf_counter() - start)
            self._add("generate_" + self._role, time.perf_counter() - start)

    def summarize(self, texts):
        return self._gen(self._b.summarize, texts)

    def translate(self, texts, *, safe=False):
        return self._gen(self._b.translate, texts, safe)


def batch_limit(spec) -> tuple[int, str]:
    """The backend's (max_batch_size, batch_type) for ``spec``."""
    from ansum.backends.ct2 import batch_limit as limit

    return limit(spec)


def worker(path: str, work: Path, n: int, window: int, configs: dict) -> dict:
    """One path in this process: load both models, then brief ``n`` day articles."""
    from ansum.batch import build_briefs
    from ansum.input.read import article_from_text
    from ansum.pipeline import build_brief
    from ansum.runtime import BriefOptions, Runtime
    from ansum.translation.memo import DictMemo

    stats: dict = {}
    options = BriefOptions(models_file=work / "models.toml", profile="ctranslate2", offline=True)

    class CountedRuntime(Runtime):
        def _create(self, role):
            cfg = configs["mt5-xlsum" if role == "summarizer" else "opus-mt-ar-en"]
            return Counted(super()._create(role).preload(), stats, role, cfg)

    runtime = CountedRuntime(options)
    runtime.summarizer()
    runtime.translator()
    articles = [article_from_text(text, name=ident) for ident, text in day_articles(n)]
    memo = DictMemo()
    start = time.perf_counter()
    if path == "per-article":
        briefs = [build_brief(a, options, runtime) for a in articles]
    else:
        briefs = []
        for k in range(0, len(articles), window):
            briefs += build_briefs(articles[k:k + window], options, runtime, memo=memo)
    wall = time.perf_counter() - start
    from speed import peak_rss_mb

    return {"path": path, "wall_s": wall, "articles": len(articles), "peak_rss_mb": peak_rss_mb(),
            "memo_hits": memo.hits, "partial": sum(getattr(b, "partial", True) for b in briefs),
            "abstractive": sum(any(s.name == "summary" and s.detail.startswith("rounds=")
                                   for s in getattr(b, "stages", ())) for b in briefs),
            **stats}


def bandwidth_gb_s() -> float:
    """Memory bandwidth in GB/s: best of 5 numpy copies of 512 MB (read + write bytes)."""
    import numpy as np

    src = np.ones(512 * 2**20, dtype=np.uint8)
    dst = np.empty_like(src)
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - start)
    return 2 * src.nbytes / best / 1e9


def peak_int8_ops() -> float:
    """AVX-512 VNNI int8 peak of the cores this process may use, in ops/s (see docstring)."""
    mhz = 0.0
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("cpu MHz"):
            mhz = float(line.split(":")[1])
            break
    return len(os.sched_getaffinity(0)) * mhz * 1e6 * 2 * 64 * 2


def run(work: Path, n: int, window: int, configs: dict) -> None:
    """Run both paths in their own processes and print the table."""
    results = []
    for path in ("per-article", "batched"):
        proc = subprocess.run([sys.executable, str(Path(__file__).parent / "speed.py"),
                               "--workdir", str(work), "--throughput-worker", path,
                               "--throughput", str(n), "--batch-articles", str(window)],
                              cwd=ROOT, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"{path} worker failed:\n{proc.stderr[-3000:]}")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    bw, peak = bandwidth_gb_s(), peak_int8_ops()
    rows = {}
    for r in results:
        r["wall_s"] -= r.get("measure", 0.0)
        per_article = r["wall_s"] / r["articles"]
        mem_floor = r["weight_bytes"] / (bw * 1e9) / r["articles"]
        ops_floor = 2 * r["macs"] / peak / r["articles"]
        rows[r["path"]] = {
            "articles/min": f"{60 / per_article:.2f}",
            "seconds per article": f"{per_article:.2f}",
            "generated tokens/s": f"{r['tokens'] / r['generate']:.0f}",
            "overhead outside model calls (%)":
                f"{100 * (r['wall_s'] - r['generate'] - r['tokenize']) / r['wall_s']:.1f}",
            "summarizer / translator calls (s/article)":
                f"{r.get('generate_summarizer', 0) / r['articles']:.2f} / "
                f"{r.get('generate_translator', 0) / r['articles']:.2f}",
            "tokenize calls (% of wall)": f"{100 * r['tokenize'] / r['wall_s']:.1f}",
            "peak RSS (MB)": f"{r['peak_rss_mb']:.0f}",
            "model calls": f"{r['calls']:.0f}",
            "decoding steps (summ + transl)":
                f"{r['steps_summarizer']:.0f} + {r['steps_translator']:.0f}",
            "memo hits": str(r["memo_hits"]),
            "abstractive / partial briefs": f"{r['abstractive']} / {r['partial']}",
            "floor: weight reads (s/article)": f"{mem_floor:.2f}",
            "floor: int8 ops at VNNI peak (s/article)": f"{ops_floor:.2f}",
            "time / max(floors)": f"{per_article / max(mem_floor, ops_floor):.1f}x",
        }
    width = max(len(k) for k in rows["per-article"])
    print(f"N = {n} articles of {DAY.name}, window {window}; load: {os.getloadavg()}")
    print(f"{'':{width}}  {'per-article':>14}  {'batched':>14}")
    for key in rows["per-article"]:
        print(f"{key:{width}}  {rows['per-article'][key]:>14}  {rows['batched'][key]:>14}")
    a, b = (float(rows[p]["articles/min"]) for p in ("per-article", "batched"))
    print(f"{'ratio batched / per-article':{width}}  {b / a:>14.2f}x")
    print(f"memory bandwidth {bw:.1f} GB/s (numpy copy); VNNI int8 peak {peak / 1e12:.2f} TOPS")
