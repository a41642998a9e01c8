"""Translation quality of a configured translator: BLEU and chrF++ with sacrebleu.

Data (../shared/data/mt, see its PROVENANCE.md; fields ``ar``, ``en``; English is the
original side of both):

* ``flores200_devtest_arb_eng.jsonl``: FLORES-200 devtest, 1,012 sentences;
* ``ntrex128_ar_en.jsonl``: NTREX-128, 1,997 news sentences.

The Arabic side goes through ansum's product path, :func:`ansum.translation.translate.translate_segments`
(batching, clause splitting of over-long inputs, guards with one safe retry), one segment
per sentence.  Scores are sacrebleu's corpus BLEU (13a tokenization, exp smoothing) and
chrF++ (chrF with word bigrams, ``word_order=2``; Popović, WMT 2017), each with sacrebleu's
bootstrap 95 % CI (1000 resamples, its fixed seed 12345) and its signature string.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ../shared/data/mt, or $ANSUM_SHARED_DATA/mt.
DATA = Path(os.environ.get("ANSUM_SHARED_DATA", ROOT.parent / "shared" / "data")) / "mt"
RESAMPLES = 1000


@dataclass(frozen=True)
class MTTask:
    """An MT test set: its short name and JSONL file."""

    name: str
    path: Path


MT_TASKS = {
    "flores": MTTask("flores", DATA / "flores200_devtest_arb_eng.jsonl"),
    "ntrex": MTTask("ntrex", DATA / "ntrex128_ar_en.jsonl"),
}


def load_pairs(task: MTTask, limit: int | None) -> list[tuple[str, str]]:
    """Read ``(arabic, english)`` pairs from ``task.path``, the first ``limit`` of them."""
    pairs = []
    with task.path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            pairs.append((row["ar"], row["en"]))
            if limit is not None and len(pairs) >= limit:
                break
    return pairs


def make_translator(name: str, *, models_file: Path | None = None, device: str = "auto",
                    offline: bool = False):
    """Build the translator named ``name`` in models.toml: a model (task "translate") or
    a profile (its translator).

    Returns:
        A :class:`ansum.backends.base.Translator`.

    Raises:
        ConfigError: unknown name (the message lists the valid ones), a profile without a
            translator, or a model whose task is not "translate".
        ModelUnavailableError: the model files are neither local nor downloadable.
    """
    from ansum.backends import create_translator
    from ansum.config import load_config, resolve_models
    from ansum.errors import ConfigError

    config = load_config(models_file)
    if name in config.models:
        spec = config.models[name]
    elif name in config.profiles:
        spec = resolve_models(config, profile=name)[1]
        if spec is None:
            raise ConfigError(f"profile {name!r} has no translator",
                              hint="name a translation model or a profile with one")
    else:
        valid = sorted(n for n, s in config.models.items() if s.task == "translate")
        raise ConfigError(f"unknown translator {name!r} (models: {', '.join(valid)}; "
                          f"profiles: {', '.join(sorted(config.profiles))})",
                          hint="pick a listed model or profile, or add it to models.toml")
    return create_translator(spec, device=device, offline=offline)


def evaluate_mt(translator, pairs: list[tuple[str, str]]) -> dict:
    """Translate the Arabic side of ``pairs`` and score it against the English side.

    Returns:
        A JSON-ready dict: ``segments``, ``bleu`` and ``chrf++`` (each ``score``, bootstrap
        ``mean`` and ``ci95`` half-width, ``signature``), ``flagged`` (segments that
        still carry a guard flag), ``retried``, ``seconds`` (translation wall time).

    Raises:
        BackendError: the translator failed.
    """
    from sacrebleu.metrics import BLEU, CHRF

    from ansum.translation.translate import translate_segments

    start = time.perf_counter()
    results = translate_segments([ar for ar, _ in pairs], translator)
    seconds = time.perf_counter() - start
    hyps = [r.text for r in results]
    refs = [[en for _, en in pairs]]
    out: dict = {"segments": len(pairs), "translator": translator.name}
    n_boot = RESAMPLES if len(pairs) > 1 else 1
    for key, metric in (("bleu", BLEU()), ("chrf++", CHRF(word_order=2))):
        score = metric.corpus_score(hyps, refs, n_bootstrap=n_boot)
        out[key] = {"score": float(score.score),
                    "mean": float(getattr(score, "_mean", score.score)),
                    "ci95": float(getattr(score, "_ci", 0.0)),
                    "signature": str(metric.get_signature())}
    out["flagged"] = sum(1 for r in results if r.flags)
    out["retried"] = sum(1 for r in results if r.retried)
    out["seconds"] = round(seconds, 2)
    return out


def markdown_mt(results: dict[str, dict]) -> str:
    """Render MT results (test set → :func:`evaluate_mt` dict) as a Markdown table."""
    lines = ["| test set | segments | BLEU | chrF++ | flagged | seconds |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, res in results.items():
        bleu, chrf = res["bleu"], res["chrf++"]
        lines.append(f"| {name} | {res['segments']} | {bleu['score']:.2f} ± {bleu['ci95']:.2f} "
                     f"| {chrf['score']:.2f} ± {chrf['ci95']:.2f} | {res['flagged']} "
                     f"| {res['seconds']} |")
    first = next(iter(results.values()), None)
    if first:
        lines += ["", f"Translator: {first['translator']}.  BLEU: {first['bleu']['signature']}; "
                      f"chrF++: {first['chrf++']['signature']}."]
    return "\n".join(lines) + "\n"
