"""Speed of a neural brief: transformers fp32 against CTranslate2 int8, side by side.

Run by hand (not in CI); it takes a few minutes on 2 cores::

    .venv/bin/python benchmarks/speed.py --articles 2 [--workdir /tmp/ansum-speed]
    .venv/bin/python benchmarks/speed.py --throughput 32 [--batch-articles 16]

``--throughput N`` compares the per-article and the cross-article (batched) paths on N
articles of one day instead (benchmarks/throughput.py).

What it does:

1. Builds, once (kept in ``--workdir``), random-weight models with the real
   architectures of the default profile from ``benchmarks/configs/*.json`` (dimensions
   only, from the model cards): Marian as opus-mt-ar-en and mT5-base as
   mT5_multilingual_XLSum (untied output layer, as the real checkpoint).  Their
   sentencepiece model is trained on the real articles (8000 pieces); vocabulary ids
   without a piece get zero output rows so random weights never emit them.  The mT5
   model is then converted to CTranslate2 int8 (timed once).
2. Measures cold start: ``python -m ansum --help``, median of 3.
3. Runs each engine in its own process (so peak RSS is its own): the brief pipeline
   (:func:`ansum.pipeline.build_brief`, shipped generation settings: 4 beams) on
   ``--articles`` real articles of 450-750 words from ../shared/data/articles, with
   fixed output lengths (``min_new_tokens = max_new_tokens``: 84 for summaries, 48 for
   translations) so random weights do not stop early.  Backend calls are timed by a
   thin proxy: ``generate`` (summarize/translate calls) and ``tokenize``
   (count_tokens calls); the rest of a brief is ansum's own overhead.

Columns: model load (first model use, including torch/transformers imports for
transformers), time to first output (process start to first brief), latency per article
(median), generated tokens/s (inputs × max_new_tokens over generate time; transformers
spends one of those steps on a forced ``</s>`` for Marian), overhead (% of brief time
outside generate and tokenize), outside-compute time of the whole first-article process
(time to first output − its generate time), peak RSS.

Random weights produce junk, so guards flag translations and retry them (safe mode) on
both engines; outputs differ between fp32 and int8, so inputs per call may differ a
little: compare tokens/s first.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

_T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
CONFIGS = Path(__file__).resolve().parent / "configs"
ARTICLES = ROOT.parent / "shared" / "data" / "articles"
ENGINES = {"transformers": "transformers fp32", "ctranslate2": "CTranslate2 int8"}


def pick_articles(n: int) -> list[tuple[str, str]]:
    """First ``n`` (id, text) of 450-750 words, in file order, from ../shared/data."""
    out = []
    for path in sorted(ARTICLES.glob("*.jsonl")):
        for row in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(row)
            if 450 <= len(rec["text"].split()) <= 750:
                out.append((rec["id"], rec["text"]))
                if len(out) == n:
                    return out
    return out


def _config(name: str) -> dict:
    data = json.loads((CONFIGS / f"{name}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def build_models(work: Path) -> None:
    """Random-weight Marian and mT5 folders under ``work/hf`` (skipped when present)."""
    import sentencepiece as spm
    import torch
    from transformers import (
        MarianConfig,
        MarianMTModel,
        MarianTokenizer,
        MT5Config,
        MT5ForConditionalGeneration,
        T5Tokenizer,
    )

    hf = work / "hf"
    if (hf / "mt5" / "model.safetensors").is_file():
        return
    torch.manual_seed(0)
    text = work / "corpus.txt"
    lines = [ln for p in sorted(ARTICLES.glob("*.jsonl")) for row in p.read_text(
        encoding="utf-8").splitlines() for ln in json.loads(row)["text"].split("\n") if ln]
    text.write_text("\n".join(lines), encoding="utf-8")
    for name in ("marian", "mt5"):
        (hf / name).mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(input=str(text), model_prefix=str(work / "spm"),
                                   vocab_size=8000, character_coverage=1.0, minloglevel=2,
                                   pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    # mT5: pad 0, eos 1, unk 2 as the real spiece.model; untied lm_head like the checkpoint.
    (hf / "mt5" / "spiece.model").write_bytes((work / "spm.model").read_bytes())
    tok = T5Tokenizer.from_pretrained(hf / "mt5")
    model = MT5ForConditionalGeneration(MT5Config(**_config("mt5-xlsum")))
    with torch.no_grad():
        model.lm_head.weight = torch.nn.Parameter(model.shared.weight.detach().clone())
        model.lm_head.weight[len(tok):].zero_()
    model.save_pretrained(hf / "mt5", safe_serialization=True)
    tok.save_pretrained(hf / "mt5")
    # Marian: vocab.json = </s>, <unk>, the pieces, fillers up to the real size, <pad> last.
    cfg = _config("opus-mt-ar-en")
    sp = spm.SentencePieceProcessor(model_file=str(work / "spm.model"))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(3, sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    used = len(vocab)
    while len(vocab) < cfg["vocab_size"] - 1:
        vocab[f"<fill{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    for name in ("source.spm", "target.spm"):
        (hf / "marian" / name).write_bytes((work / "spm.model").read_bytes())
    (hf / "marian" / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    tok = MarianTokenizer.from_pretrained(hf / "marian")
    model = MarianMTModel(MarianConfig(**cfg))
    with torch.no_grad():
        model.get_input_embeddings().weight[used:].zero_()
    model.save_pretrained(hf / "marian", safe_serialization=True)
    tok.save_pretrained(hf / "marian")


def write_toml(work: Path, summary_tokens: int, translation_tokens: int) -> Path:
    """models.toml with profiles "transformers" and "ctranslate2" over the random models."""
    lines = ['[settings]', 'default_profile = "transformers"']
    for engine in ENGINES:
        lines += [f'[profiles.{engine}]', f'summarizer = "sum-{engine}"',
                  f'translator = "mt-{engine}"']
        for kind, folder, family, new, extra in (
                ("sum", "mt5", "mt5", summary_tokens,
                 ["length_penalty = 0.6", "no_repeat_ngram_size = 2"]),
                ("mt", "marian", "marian", translation_tokens, [])):
            lines += [f'[models.{kind}-{engine}]',
                      f'task = "{"summarize" if kind == "sum" else "translate"}"',
                      f'backend = "{engine}"', f'repo = "{work / "hf" / folder}"',
                      f'family = "{family}"', 'max_input_tokens = 512',
                      f'[models.{kind}-{engine}.generation]', 'num_beams = 4',
                      f'max_new_tokens = {new}', f'min_new_tokens = {new}', *extra]
    path = work / "models.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Timed:
    """Protocol proxy: forwards to a backend and adds up time and work per kind of call."""

    def __init__(self, backend, stats: dict) -> None:
        self._b, self._s = backend, stats
        self.name = backend.name

    @property
    def max_input_tokens(self) -> int:
        return self._b.max_input_tokens

    def _time(self, kind: str, fn, *args, **kw):
        start = time.perf_counter()
        try:
            return fn(*args, **kw)
        finally:
            self._s[kind] = self._s.get(kind, 0.0) + time.perf_counter() - start

    def count_tokens(self, text: str) -> int:
        return self._time("tokenize", self._b.count_tokens, text)

    def _gen(self, fn, texts, **kw):
        self._s["tokens"] = self._s.get("tokens", 0) + len(texts) * \
            self._b.spec.generation.max_new_tokens
        return self._time("generate", fn, texts, **kw)

    def summarize(self, texts):
        return self._gen(self._b.summarize, texts)

    def translate(self, texts, *, safe=False):
        return self._gen(self._b.translate, texts, safe=safe)


def worker(engine: str, work: Path, n: int) -> dict:
    """One engine in this process: load, then one brief per article; returns the numbers."""
    from ansum.input.read import article_from_text
    from ansum.pipeline import build_brief
    from ansum.runtime import BriefOptions, Runtime

    stats: dict = {}
    options = BriefOptions(models_file=work / "models.toml", profile=engine, offline=True)

    class TimedRuntime(Runtime):
        def _create(self, role):  # called once per role: the Runtime keeps what it returns
            return Timed(super()._create(role).preload(), stats)

    runtime = TimedRuntime(options)
    start = time.perf_counter()
    runtime.summarizer()
    runtime.translator()
    load_s = time.perf_counter() - start
    rows = []
    for ident, text in pick_articles(n):
        before = dict(stats)
        start = time.perf_counter()
        brief = build_brief(article_from_text(text, name=ident), options, runtime)
        wall = time.perf_counter() - start
        rows.append({"id": ident, "wall_s": wall, "first_output_s": time.perf_counter() - _T0,
                     "partial": brief.partial,
                     **{k: stats.get(k, 0) - before.get(k, 0) for k in
                        ("generate", "tokenize", "tokens")}})
    return {"engine": engine, "load_s": load_s, "articles": rows, "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak RSS in MB: VmHWM from /proc (reset at exec; ru_maxrss on
    Linux keeps the parent's peak across fork+exec), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold_start() -> float:
    """Median wall seconds of ``python -m ansum --help`` over 3 runs."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ansum", "--help"], cwd=ROOT, check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(results: list[dict], cold_s: float, convert_s: float | None) -> None:
    """Print the side-by-side table."""
    def col(res: dict) -> dict:
        rows = res["articles"]
        gen = sum(r["generate"] for r in rows)
        brief = sum(r["wall_s"] for r in rows)
        first = rows[0]
        return {
            "model load (s)": f"{res['load_s']:.2f}",
            "time to first output (s)": f"{first['first_output_s']:.1f}",
            "latency per article, median (s)":
                f"{statistics.median(r['wall_s'] for r in rows):.1f}",
            "generated tokens/s": f"{sum(r['tokens'] for r in rows) / gen:.0f}",
            "overhead outside model calls (%)":
                f"{100 * (brief - gen - sum(r['tokenize'] for r in rows)) / brief:.1f}",
            "tokenize calls (% of brief)": f"{100 * sum(r['tokenize'] for r in rows) / brief:.1f}",
            "process time outside generate, 1st article (s)":
                f"{first['first_output_s'] - first['generate']:.2f}",
            "peak RSS (MB)": f"{res['peak_rss_mb']:.0f}",
        }
    cols = [col(r) for r in results]
    names = [ENGINES[r["engine"]] for r in results]
    width = max(len(k) for k in cols[0])
    print(f"{'':{width}}  " + "  ".join(f"{n:>18}" for n in names))
    for key in cols[0]:
        print(f"{key:{width}}  " + "  ".join(f"{c[key]:>18}" for c in cols))
    if len(results) == 2:
        lat = [statistics.median(r["wall_s"] for r in res["articles"]) for res in results]
        print(f"{'speed-up, latency per article':{width}}  {lat[0] / lat[1]:>18.2f}x")
    print(f"cold start `python -m ansum --help`: {cold_s:.2f} s (median of 3)")
    if convert_s is not None:
        print(f"one-off CTranslate2 int8 conversion of both models: {convert_s:.1f} s")
    last = results[-1]["articles"]
    print("articles:", ", ".join(f"{r['id']} ({r['wall_s']:.1f} s)" for r in last))


def main(argv: list[str] | None = None) -> None:
    """Entry point; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2, help="articles per engine (default 2)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/ansum-speed"))
    ap.add_argument("--summary-tokens", type=int, default=84)
    ap.add_argument("--translation-tokens", type=int, default=48)
    ap.add_argument("--engines", default="transformers,ctranslate2")
    ap.add_argument("--worker", choices=list(ENGINES), help=argparse.SUPPRESS)
    ap.add_argument("--throughput", type=int, metavar="N",
                    help="compare per-article and batched paths on N day articles "
                    "(CTranslate2 int8; see benchmarks/throughput.py)")
    ap.add_argument("--batch-articles", type=int, default=16, metavar="W",
                    help="window of the batched path (default 16)")
    ap.add_argument("--throughput-worker", choices=["per-article", "batched"],
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    work = args.workdir.resolve()
    os.environ.update(XDG_CACHE_HOME=str(work / "cache"), HF_HUB_OFFLINE="1",
                      HF_HUB_DISABLE_PROGRESS_BARS="1", TOKENIZERS_PARALLELISM="false")
    if args.worker:
        print(json.dumps(worker(args.worker, work, args.articles)))
        return
    configs = {name: _config(name) for name in ("mt5-xlsum", "opus-mt-ar-en")}
    if args.throughput_worker:
        import throughput

        print(json.dumps(throughput.worker(args.throughput_worker, work, args.throughput,
                                           args.batch_articles, configs)))
        return
    if args.throughput:
        args.engines = "ctranslate2"
    work.mkdir(parents=True, exist_ok=True)
    build_models(work)
    toml = write_toml(work, args.summary_tokens, args.translation_tokens)
    convert_s = None
    if "ctranslate2" in args.engines:
        code = ("import sys, time; from pathlib import Path; from ansum.config import load_config;"
                "from ansum.backends import ct2_convert; c = load_config(Path(sys.argv[1]));"
                "t = time.perf_counter(); n = ct2_convert.conversion_count();"
                "[ct2_convert.ensure_converted(c.models[m], 'int8') for m in "
                "('sum-ctranslate2', 'mt-ctranslate2')];"
                "print(time.perf_counter() - t if ct2_convert.conversion_count() > n else -1)")
        out = subprocess.run([sys.executable, "-c", code, str(toml)], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()[-1]
        convert_s = float(out) if float(out) >= 0 else None
    if args.throughput:
        import throughput

        throughput.run(work, args.throughput, args.batch_articles, configs)
        return
    cold_s = cold_start()
    results = []
    for engine in args.engines.split(","):
        proc = subprocess.run([sys.executable, __file__, "--worker", engine, "--workdir",
                               str(work), "--articles", str(args.articles)], cwd=ROOT,
                              capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"{engine} worker failed:\n{proc.stderr[-3000:]}")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    report(results, cold_s, convert_s)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
