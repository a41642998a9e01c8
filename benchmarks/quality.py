"""Quality on real data: ansum's extractive summary against peer baselines, and translation.

Run by hand (not in CI)::

    .venv/bin/python benchmarks/quality.py [--dataset easc|bbc|sum|all] [--limit N] [--json]
    .venv/bin/python benchmarks/quality.py --dataset mt --translator NAME [--models FILE]

``--translator`` names a model or profile of models.toml; with it, ``all`` adds BLEU and
chrF++ on FLORES-200 and NTREX-128 (:mod:`mt_eval`).  The summary systems live in
:mod:`sum_systems`.

Data (../shared/data/sum, see its PROVENANCE.md):

* ``easc.jsonl``: 153 articles (106 Arabic Wikipedia, 47 newspaper), 5 human extractive
  summaries each.  Every system is cut to the references' **mean** word count of that
  article; the 5 references are combined by the **mean of the per-reference F1**.
* ``ant_bbc_arabic.jsonl``: 300 BBC Arabic articles with the one-sentence summary BBC
  wrote.  Every system gives **one sentence**, cut to the reference's word count.

Scores: ROUGE-1/2/L F1 ×100 from :mod:`rouge_ar` (ansum's Arabic normalization and
tokens on both sides; unstemmed is primary, Light10-stemmed is also shown), mean over
documents with a percentile bootstrap 95 % CI (1000 resamples of the documents, seed 0,
the same resamples for every system).  "Words" are those ROUGE tokens.

Systems: Lead-k (first k sentences), Lead at budget (first sentences until the budget),
Random-k and Random at budget (sentences in a seeded random order), sumy 0.13
LexRank and TextRank (``PlaintextParser`` + ``Tokenizer("arabic")`` + ``Stemmer("arabic")``
+ sumy's Arabic stop words, i.e. what its README shows; needs pyarabic), and ansum on
its product path: :func:`ansum.input.read.article_from_text` → :func:`ansum.arabic.segment.segment` →
:func:`ansum.summary.extractive.extractive_summary_words` (at a budget) or ``extractive_summary``
(at k sentences).  Ranked systems fill the budget in their rank order.  Every output is
put in article order, tokenized and cut after the budget (the ROUGE length limit).
Lead/Random sentences come from :func:`ansum.arabic.segment.segment` of the raw text.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ../shared/data/sum, or $ANSUM_SHARED_DATA/sum (as in tests/conftest.py).
DATA = Path(os.environ.get("ANSUM_SHARED_DATA", ROOT.parent / "shared" / "data")) / "sum"
for _path in (ROOT, ROOT / "benchmarks"):  # run from a checkout without installing ansum
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import rouge_ar  # noqa: E402
from sum_systems import (  # noqa: E402
    SEED,
    Doc,
    System,
    ansum_system,
    lead,
    rand,
    sumy_system,
)

RESAMPLES = 1000


@dataclass(frozen=True)
class Task:
    """A dataset, its file, and how many sentences ranked systems give (None: fill budget)."""

    name: str
    path: Path
    k: int | None


TASKS = {
    "easc": Task("easc", DATA / "easc.jsonl", None),
    "bbc": Task("bbc", DATA / "ant_bbc_arabic.jsonl", 1),
}



def load(task: Task, limit: int | None) -> list[Doc]:
    """Read a JSONL dataset (fields ``id``, ``text``, ``summaries``), first ``limit`` rows."""
    docs = []
    with task.path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs.append(Doc(row["id"], row["text"], tuple(row["summaries"])))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def budget_of(doc: Doc) -> int:
    """The references' mean word count (ROUGE tokens), rounded; at least 1."""
    counts = [len(rouge_ar.rouge_tokens(r)) for r in doc.refs]
    return max(1, round(sum(counts) / len(counts)))


def systems_for(task: Task) -> dict[str, System]:
    """The systems compared on ``task``, in table order."""
    out: dict[str, System] = {"Lead-1": lead(1), "Lead-3": lead(3)}
    if task.k is None:
        out["Lead (budget)"] = lead(None)
    out["Random-3"] = rand(3)
    if task.k is None:
        out["Random (budget)"] = rand(None)
    try:
        import pyarabic  # noqa: F401  (sumy's Arabic tokenizer needs it)

        out["sumy LexRank"] = sumy_system("lexrank")
        out["sumy TextRank"] = sumy_system("textrank")
    except ImportError:
        print("sumy/pyarabic not installed: sumy baselines skipped", file=sys.stderr)
    out["ansum"] = ansum_system
    return out


def evaluate(task: Task, docs: list[Doc]) -> dict:
    """Score every system of ``task`` on ``docs``; return a JSON-ready dict of results."""
    budgets = [budget_of(d) for d in docs]
    refs = {stem: [[rouge_ar.rouge_tokens(r, stem=stem) for r in d.refs] for d in docs]
            for stem in (False, True)}
    indices = rouge_ar.bootstrap_indices(len(docs), RESAMPLES, SEED)
    results: dict = {"documents": len(docs), "mean_budget_words": sum(budgets) / len(docs),
                     "sentences": f"{task.k}" if task.k else "budget", "systems": {}}
    per_doc: dict[str, dict[str, list[float]]] = {}
    for name, system in systems_for(task).items():
        start = time.perf_counter()
        outputs = [" ".join(system(d, budget, task.k)) for d, budget in zip(docs, budgets,
                                                                            strict=True)]
        entry: dict = {"seconds": round(time.perf_counter() - start, 2)}
        for stem in (False, True):
            rows = []
            for text, budget, ref_toks in zip(outputs, budgets, refs[stem], strict=True):
                cand = rouge_ar.truncate(rouge_ar.rouge_tokens(text, stem=stem), budget)
                rows.append(rouge_ar.score(cand, ref_toks))
            key = "stemmed" if stem else "unstemmed"
            values = {m: [100 * r[m] for r in rows] for m in rouge_ar.METRICS}
            if not stem:
                per_doc[name] = values
            entry[key] = {m: vars(rouge_ar.bootstrap_ci(v, indices=indices))
                          for m, v in values.items()}
        results["systems"][name] = entry
    results["ansum_minus"] = _paired(per_doc, indices)
    return results


def _paired(per_doc: dict[str, dict[str, list[float]]], indices: list[list[int]]) -> dict:
    """Bootstrap CI of the per-document difference ansum − baseline (unstemmed)."""
    out = {}
    mine = per_doc["ansum"]
    for name, theirs in per_doc.items():
        if name == "ansum":
            continue
        out[name] = {m: vars(rouge_ar.bootstrap_ci(
            [a - b for a, b in zip(mine[m], theirs[m], strict=True)], indices=indices))
            for m in rouge_ar.METRICS}
    return out


def _cell(ci: dict) -> str:
    return f"{ci['mean']:.1f} [{ci['low']:.1f}, {ci['high']:.1f}]"


def markdown(name: str, res: dict) -> str:
    """Render one dataset's results as Markdown tables (unstemmed, stemmed, paired)."""
    lines = [f"### {name}: {res['documents']} documents, mean budget "
             f"{res['mean_budget_words']:.1f} words, ranked systems at "
             f"{'1 sentence' if res['sentences'] == '1' else 'the word budget'}", ""]
    for key in ("unstemmed", "stemmed"):
        lines += [f"ROUGE F1 ×100, {key}, mean [95% CI]:", "",
                  "| system | ROUGE-1 | ROUGE-2 | ROUGE-L |", "| --- | --- | --- | --- |"]
        for system, entry in res["systems"].items():
            cells = " | ".join(_cell(entry[key][m]) for m in rouge_ar.METRICS)
            lines.append(f"| {system} | {cells} |")
        lines.append("")
    lines += ["Paired difference ansum − system (unstemmed), mean [95% CI]:", "",
              "| system | ΔROUGE-1 | ΔROUGE-2 | ΔROUGE-L |", "| --- | --- | --- | --- |"]
    for system, diff in res["ansum_minus"].items():
        lines.append(f"| {system} | " + " | ".join(_cell(diff[m]) for m in rouge_ar.METRICS)
                     + " |")
    return "\n".join(lines) + "\n"


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dataset", default="all",
                        choices=["easc", "bbc", "flores", "ntrex", "sum", "mt", "all"],
                        help="sum = easc+bbc, mt = flores+ntrex (needs --translator), "
                             "all = sum, plus mt when --translator is given")
    parser.add_argument("--limit", type=int, default=None, help="first N documents/sentences")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--translator", default=None,
                        help="models.toml model or profile to score on flores/ntrex")
    parser.add_argument("--models", type=Path, default=None, help="an extra models.toml")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, mps")
    parser.add_argument("--offline", action="store_true", help="local model files only")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    groups = {"sum": ["easc", "bbc"], "mt": ["flores", "ntrex"],
              "all": ["easc", "bbc"] + (["flores", "ntrex"] if args.translator else [])}
    args.names = groups.get(args.dataset, [args.dataset])
    if any(n in ("flores", "ntrex") for n in args.names) and not args.translator:
        parser.error(f"--dataset {args.dataset} needs --translator NAME")
    return args


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the evaluation, print Markdown (or JSON with ``--json``).

    Returns:
        0, or the :class:`ansum.errors.AnsumError` exit status when the translator
        cannot be built or fails (its message on stderr).
    """
    from ansum.errors import AnsumError

    args = _parse(argv)
    if not DATA.is_dir():
        sys.stderr.write(f"quality: data not found at {DATA}; set ANSUM_SHARED_DATA to the "
                         "shared data folder\n")
        return 3
    start = time.perf_counter()
    shown = " ".join(sys.argv[1:] if argv is None else argv)
    report: dict = {"date": datetime.date.today().isoformat(), "commit": _commit(),
                    "command": f"python benchmarks/quality.py {shown}".strip(),
                    "bootstrap": {"resamples": RESAMPLES, "seed": SEED, "level": 0.95},
                    "references_combined_by": "mean of per-reference F1", "datasets": {}}
    for name in [n for n in args.names if n in TASKS]:
        task = TASKS[name]
        report["datasets"][name] = evaluate(task, load(task, args.limit))
    mt_names = [n for n in args.names if n not in TASKS]
    if mt_names:
        import mt_eval

        try:
            translator = mt_eval.make_translator(args.translator, models_file=args.models,
                                                 device=args.device, offline=args.offline)
            report["translation"] = {
                n: mt_eval.evaluate_mt(translator, mt_eval.load_pairs(mt_eval.MT_TASKS[n],
                                                                      args.limit))
                for n in mt_names}
        except AnsumError as exc:
            print(f"error: {exc.one_line()}", file=sys.stderr)
            return exc.exit_code
    report["seconds"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"Quality, {report['date']}, commit {report['commit']}, "
          f"`{report['command']}` ({report['seconds']} s)\n")
    for name, res in report["datasets"].items():
        print(markdown(name.upper(), res))
    if "translation" in report:
        print("### Translation (BLEU, chrF++; ± bootstrap 95% CI half-width)\n")
        print(mt_eval.markdown_mt(report["translation"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
