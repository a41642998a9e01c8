"""Claim detection against hand labels: precision and recall of ansum's claims.

Run by hand (not in CI; ``tests/test_claims_eval.py`` pins floors)::

    .venv/bin/python benchmarks/claims_eval.py [--labels FILE] [--split dev|test|all]
        [--sites] [--json] [--misses]

Gold: ``tests/data/claims_labels_v2.json``, the claims of 71 articles of ../shared/data
(BBC, CNN, Sky News, Al Arabiya, France24, SaudiNewsNet, Jawhara FM) labelled by hand,
each marked ``split`` "dev" (rules may be tuned on it) or "test" (held out: report
only); its ``_about`` gives the labelling guidelines and provenance.  By default the
table is printed for dev and for test; ``--sites`` adds one row per site.  Each
article is read from its JSONL file, cleaned with :func:`ansum.input.read.article_from_text`
on ``title + "\\n\\n" + text`` and split with :func:`ansum.arabic.segment.segment`; claims come
from :func:`ansum.claims.detect.detect_claims`.  A gold row names its sentence by index and
prefix: the sentence at that index when it starts with the prefix, else the first
sentence that does (a segmentation change moved it), else none (the row is missed).

Metrics (precision = TP / predicted, recall = TP / gold, F1 their harmonic mean; a
metric with nothing predicted or nothing gold reports 0):

a. **claim sentences**: gold rows with ``claim`` true vs sentences with a Claim.
b. **attributed**: gold rows with ``attributed`` vs claims whose kinds hold "attributed".
c. **speaker**: gold attributed rows vs claims with a speaker (``Claim.speaker_text()``:
   the span, else the inherited speaker).  A TP is a sentence in both whose speakers
   match (:func:`speaker_match`): with both sides normalized
   (:func:`ansum.arabic.normalize.normalize`) and tokenized
   (:func:`ansum.arabic.normalize.tokens`, which drops punctuation and quote marks), the gold name (``speaker`` or one of
   ``speaker_alts``) is a contiguous token run of the prediction, or the prediction
   is a contiguous token run of the gold name covering at least half of its tokens
   ("بيسكوف" matches "ديميتري بيسكوف"; "عدد" does not match "عدد من كبار المسؤولين").
d. **verb**: gold attributed rows vs claims with a verb; a TP is a sentence in both
   whose verb equals the gold ``verb`` or one of ``verb_alts`` after normalization and
   after dropping one leading و/ف when at least 3 letters remain (:func:`verb_key`).
e. **figures** (per figure): gold figures (each located in the sentence in order) vs
   the figures of every claim; a predicted and a gold figure of the same sentence match
   when their character spans overlap, one to one, in order.

f. **figures exact** (per figure, rows with ``figures_info`` only): a predicted figure
   span-matched to a gold one (rule e) is a TP when its kind, value and unit equal the
   gold ``kind``/``value``/``unit`` after :func:`figure_key` (our value in the labels'
   convention is :func:`ansum.claims.figures.label_value`).  The two label batches
   differ in a few conventions, which :func:`figure_key` maps onto one: a count is
   "quantity" in batch 2 and "number" in batch 1 (both → "number"); a percent has unit
   "%" or none (→ "%"); a pair of years is "year" or "range" with or without unit
   "سنة" (→ "range", no unit); a match minute ("الدقيقة 12") is "time" in batch 2 and a
   number with unit "دقيقة" in ansum (→ "number"); units are compared normalized.

Speaker accuracy (the target of issue 10) is the recall of metric c: gold rows with a
speaker whose sentence got a matching speaker, over all gold rows with a speaker.

Page residue: rows whose ``note`` marks a CNN related-story teaser or a "قد يهمك" link
(:func:`is_residue`) are labelled like any sentence; when the cleaner removed them
(:func:`ansum.input.clean.clean_text`) they are counted apart, not as misses; when
they are still there they are scored as usual.

Numbers spelled out in words (``figures_words``) are outside the detector's scope; they
are counted, not scored.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ../shared/data, or $ANSUM_SHARED_DATA (as in tests/conftest.py).
DATA = Path(os.environ.get("ANSUM_SHARED_DATA", ROOT.parent / "shared" / "data"))
LABELS = ROOT / "tests" / "data" / "claims_labels_v2.json"
if str(ROOT) not in sys.path:  # run from a checkout without installing ansum
    sys.path.insert(0, str(ROOT))

from ansum.arabic.normalize import normalize, tokens
from ansum.arabic.segment import segment
from ansum.claims.detect import detect_claims
from ansum.claims.figure_units import canonical_number, label_value
from ansum.input.read import article_from_text
from ansum.schema import Claim, Figure, Sentence  # noqa: E402

METRICS = ("claim sentences", "attributed", "speaker", "verb", "figures", "figures exact")
Detector = Callable[[Sequence[Sentence]], list[Claim]]


@dataclass
class Count:
    """True positives, predictions and gold items of one metric."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def scores(self) -> dict[str, float | int]:
        """``{"precision", "recall", "f1"}`` in [0, 1] plus the three counts."""
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": p,
            "recall": r,
            "f1": f,
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


@dataclass
class Result:
    """Counts per metric, the misses and false alarms, and the rows not found."""

    counts: dict[str, Count] = field(default_factory=lambda: {m: Count() for m in METRICS})
    errors: list[dict] = field(default_factory=list)
    unaligned: list[str] = field(default_factory=list)
    spelled_numbers: int = 0
    articles: int = 0
    residue_dropped: int = 0


def _toks(text: str) -> list[str]:
    return [t for t, _, _ in tokens(normalize(text))]


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def speaker_match(pred: str, gold_names: Sequence[str]) -> bool:
    """Does the predicted speaker match one of the gold names? (rule c of the docstring)."""
    p = _toks(pred)
    for name in gold_names:
        g = _toks(name)
        if _contains(p, g) or (_contains(g, p) and 2 * len(p) >= len(g)):
            return True
    return False


def verb_key(verb: str) -> str:
    """Normalized verb without one leading و/ف conjunction when 3+ letters remain."""
    v = "".join(_toks(verb))
    return v[1:] if v[:1] in ("و", "ف") and len(v) >= 4 else v


def locate(text: str, figures: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the gold ``figures`` in ``text``, each searched after the previous one.

    Raises:
        ValueError: a figure is not in the text (the labels no longer fit the data).
    """
    spans, pos = [], 0
    for fig in figures:
        k = text.find(fig, pos)
        if k < 0:
            raise ValueError(f"figure {fig!r} not found in {text[:40]!r}")
        spans.append((k, k + len(fig)))
        pos = k + len(fig)
    return spans


def figure_pairs(
    pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one overlapping ``(pred index, gold index)`` pairs, matched greedily in order."""
    used: set[int] = set()
    out = []
    for p, (ps, pe) in enumerate(pred):
        hit = next(
            (k for k, (gs, ge) in enumerate(gold) if k not in used and ps < ge and gs < pe), None
        )
        if hit is not None:
            used.add(hit)
            out.append((p, hit))
    return out


def match_figures(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> int:
    """Number of one-to-one overlapping pairs, matched greedily in order."""
    return len(figure_pairs(pred, gold))


_YEARS = re.compile(r"((?:1[3-9]|20)\d\d)\s*[-/–]\s*((?:1[3-9]|20)\d\d)")


def _canon_value(value: str) -> str:
    """Numbers inside ``value`` canonical ("1.0-2.0" → "1-2"), dates and times kept."""
    if re.fullmatch(r"[\d.]+(?:-[\d.]+)?", value):
        return "-".join(canonical_number(part)[0] for part in value.split("-"))
    return value


def figure_key(kind: str, value: str, unit: str | None) -> tuple[str, str, str]:
    """``(kind, value, unit)`` on one convention for both label batches (docstring rule f)."""
    kind = "number" if kind == "quantity" else kind
    unit_key = "".join(_toks(unit)) if unit else ""
    if unit_key == "دقيقه":
        kind = "number"  # a match minute: "time" in batch 2, a number with its unit here
    if kind == "percent" or (kind == "range" and unit_key == "%"):
        unit_key = "%"
    years = _YEARS.fullmatch(value)
    if years and kind in ("year", "range"):
        return "range", f"{years[1]}-{years[2]}", ""
    return kind, _canon_value(value), unit_key


def predicted_key(fig: Figure) -> tuple[str, str, str]:
    """:func:`figure_key` of a detected figure."""
    return figure_key(fig.kind, label_value(fig), fig.unit)


def is_residue(row: dict) -> bool:
    """Did the labellers mark ``row`` as page residue (a CNN related-story teaser, a
    "قد يهمك" link) in its note?"""
    note = row.get("note", "").lower()
    return "teaser" in note or "related-story link" in note


def align(sentences: Sequence[Sentence], row: dict) -> int | None:
    """The index of the sentence a gold row names (see the module docstring), or None."""
    prefix = row["prefix"]
    i = row["index"]
    if 0 <= i < len(sentences) and sentences[i].text.startswith(prefix):
        return i
    return next((s.index for s in sentences if s.text.startswith(prefix)), None)


def load_labels(path: Path = LABELS) -> dict:
    """The ``articles`` mapping of a labels file (article id -> entry)."""
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def load_articles(data: Path, labels: dict) -> dict[str, dict]:
    """Rows (``id``, ``title``, ``text``) of the labelled articles, read from ``data``.

    Raises:
        KeyError: a labelled article is not in its file.
    """
    out: dict[str, dict] = {}
    for name in sorted({entry["file"] for entry in labels.values()}):
        with (data / name).open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row["id"] in labels:
                    out[row["id"]] = row
    missing = set(labels) - set(out)
    if missing:
        raise KeyError(f"articles not found in {data}: {sorted(missing)}")
    return out


def sentences_of(row: dict) -> list[Sentence]:
    """Sentences of one article row, as the product path cleans and splits them."""
    article = article_from_text(row["title"] + "\n\n" + row["text"], name=row["id"])
    return segment(article.body)


def _score_article(
    res: Result,
    aid: str,
    sents: list[Sentence],
    gold_rows: list[dict],
    claims: list[Claim],
    exact: bool = False,
) -> None:
    c = res.counts
    pred = {cl.sentence_index: cl for cl in claims}
    gold: dict[int, dict] = {}
    for row in gold_rows:
        res.spelled_numbers += len(row.get("figures_words", ()))
        if not row["claim"]:
            continue
        i = align(sents, row)
        if i is None and is_residue(row):
            res.residue_dropped += 1  # a teaser the cleaner removed: not a miss
            continue
        if i is None:
            res.unaligned.append(f"{aid}[{row['index']}] {row['prefix']}")
            c["claim sentences"].gold += 1
            c["attributed"].gold += row["attributed"]
            c["speaker"].gold += row["attributed"] and bool(row["speaker"])
            c["verb"].gold += row["attributed"] and bool(row["verb"])
            c["figures"].gold += len(row["figures"])
            c["figures exact"].gold += len(row.get("figures_info", ()))
            continue
        gold[i] = row

    def err(metric: str, i: int, got: object, want: object) -> None:
        res.errors.append(
            {
                "article": aid,
                "index": i,
                "metric": metric,
                "got": got,
                "want": want,
                "sentence": sents[i].text[:90],
            }
        )

    c["claim sentences"].gold += len(gold)
    c["claim sentences"].pred += len(pred)
    for i in sorted(set(gold) | set(pred)):
        g, p = gold.get(i), pred.get(i)
        c["claim sentences"].tp += g is not None and p is not None
        if (g is None) != (p is None):
            err("claim sentences", i, p is not None, g is not None)
        g_att = bool(g and g["attributed"])
        p_att = bool(p and "attributed" in p.kinds)
        c["attributed"].gold += g_att
        c["attributed"].pred += p_att
        c["attributed"].tp += g_att and p_att
        if g_att != p_att:
            err("attributed", i, p_att, g_att)
        g_spk = [g["speaker"], *g["speaker_alts"]] if g_att and g["speaker"] else []
        p_spk = p.speaker_text() if p else None
        c["speaker"].gold += bool(g_spk)
        c["speaker"].pred += p_spk is not None
        ok = bool(g_spk) and p_spk is not None and speaker_match(p_spk, g_spk)
        c["speaker"].tp += ok
        if not ok and (g_spk or p_spk):
            err("speaker", i, p_spk, g_spk[0] if g_spk else None)
        g_verb = [g["verb"], *g["verb_alts"]] if g_att and g["verb"] else []
        p_verb = p.verb_text() if p else None
        c["verb"].gold += bool(g_verb)
        c["verb"].pred += p_verb is not None
        ok = bool(g_verb) and p_verb is not None and verb_key(p_verb) in map(verb_key, g_verb)
        c["verb"].tp += ok
        if not ok and (g_verb or p_verb):
            err("verb", i, p_verb, g_verb[0] if g_verb else None)
        g_fig = locate(sents[i].text, g["figures"]) if g else []
        p_fig = [(f.span.start, f.span.end) for f in p.figures] if p else []
        pairs = figure_pairs(p_fig, g_fig)
        c["figures"].gold += len(g_fig)
        c["figures"].pred += len(p_fig)
        c["figures"].tp += len(pairs)
        if len(pairs) < max(len(g_fig), len(p_fig)):
            err("figures", i, [f.text for f in p.figures] if p else [], g["figures"] if g else [])
        if not exact:
            continue
        info = g.get("figures_info", []) if g else []
        got = [predicted_key(f) for f in p.figures] if p else []
        want = [figure_key(f["kind"], f["value"], f["unit"]) for f in info]
        hits = sum(got[a] == want[b] for a, b in pairs if b < len(want))
        c["figures exact"].gold += len(want)
        c["figures exact"].pred += len(got)
        c["figures exact"].tp += hits
        if hits < max(len(got), len(want)):
            err("figures exact", i, got, want)


def evaluate(labels: dict, articles: dict[str, dict], detect: Detector = detect_claims) -> Result:
    """Score ``detect`` on every labelled article.

    Args:
        labels: article id -> labels entry (:func:`load_labels`).
        articles: article id -> data row (:func:`load_articles`).
        detect: sentences -> claims (default :func:`ansum.claims.detect.detect_claims`).

    Returns:
        A :class:`Result`; ``errors`` lists every miss and false alarm per metric.

    Raises:
        ValueError: a gold figure is not in its sentence (labels and data disagree).
    """
    res = Result()
    for aid, entry in labels.items():
        sents = sentences_of(articles[aid])
        exact = any("figures_info" in row for row in entry["sentences"])
        _score_article(res, aid, sents, entry["sentences"], detect(sents), exact)
        res.articles += 1
    return res


def subset(labels: dict, split: str = "all", site: str | None = None) -> dict:
    """The labels of one ``split`` ("dev", "test" or "all") and optionally one ``site``."""
    return {
        aid: e
        for aid, e in labels.items()
        if split in ("all", e.get("split", "dev")) and site in (None, e.get("site"))
    }


def headline(res: Result) -> dict[str, float]:
    """The four numbers of issue 10's targets, in [0, 1]."""
    c = res.counts
    return {
        "speaker accuracy": c["speaker"].scores()["recall"],
        "claim precision": c["claim sentences"].scores()["precision"],
        "claim recall": c["claim sentences"].scores()["recall"],
        "figures exact": c["figures exact"].scores()["recall"],
    }


def site_table(labels: dict, articles: dict[str, dict], split: str) -> str:
    """One Markdown row per site of ``split``: articles, gold claims and :func:`headline`."""
    lines = [
        "| site | articles | gold claims | speaker acc. | claim P | claim R | figures exact |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for site in sorted({e.get("site", "?") for e in subset(labels, split).values()}):
        res = evaluate(subset(labels, split, site), articles)
        h = headline(res)
        lines.append(
            f"| {site} | {res.articles} | {res.counts['claim sentences'].gold} | "
            + " | ".join(f"{100 * v:.1f}" for v in h.values())
            + " |"
        )
    return "\n".join(lines)


def table(res: Result) -> str:
    """A Markdown table of precision, recall and F1 (percent) with the counts."""
    lines = [
        "| metric | precision | recall | F1 | TP | predicted | gold |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in METRICS:
        s = res.counts[name].scores()
        lines.append(
            f"| {name} | {100 * s['precision']:.1f} | {100 * s['recall']:.1f} | "
            f"{100 * s['f1']:.1f} | {s['tp']} | {s['pred']} | {s['gold']} |"
        )
    return "\n".join(lines)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labels", type=Path, default=LABELS, help="labels JSON file")
    ap.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    ap.add_argument(
        "--split", choices=("dev", "test", "all", "both"), default="both",
        help="articles scored: one split, all of them, or dev and test apart (default)",
    )
    ap.add_argument("--sites", action="store_true", help="also a table per site")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--misses", action="store_true", help="also list misses and false alarms")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Parse options, evaluate, print a Markdown table (or JSON with ``--json``); 0."""
    args = _parse(argv)
    if not args.data.is_dir():
        sys.stderr.write(f"claims_eval: data not found at {args.data}; pass --data or set "
                         "ANSUM_SHARED_DATA to the shared data folder\n")
        return 3
    labels = load_labels(args.labels)
    articles = load_articles(args.data, labels)
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    report: dict[str, dict] = {}
    for split in splits:
        chosen = subset(labels, split)
        if not chosen:
            continue
        res = evaluate(chosen, articles)
        entry = {
            "articles": res.articles,
            "metrics": {m: res.counts[m].scores() for m in METRICS},
            "headline": headline(res),
            "spelled_numbers_not_scored": res.spelled_numbers,
            "residue_rows_removed": res.residue_dropped,
            "unaligned": res.unaligned,
        }
        if args.misses:
            entry["errors"] = res.errors
        report[split] = entry
        if args.json:
            continue
        print(f"Claims on {res.articles} hand-labelled {split} articles ({args.labels.name})\n")
        print(table(res))
        print("\n" + ", ".join(f"{k} {100 * v:.1f}" for k, v in entry["headline"].items()))
        print(f"numbers spelled out in words (not scored): {res.spelled_numbers}")
        print(f"teaser rows removed by the cleaner (not scored): {res.residue_dropped}")
        if res.unaligned:
            print("gold rows not found in the segmentation: " + "; ".join(res.unaligned))
        if args.sites:
            print("\n" + site_table(labels, articles, split))
        if args.misses:
            for e in res.errors:
                print(
                    f"- {e['metric']}: {e['article']}[{e['index']}] got {e['got']!r} "
                    f"want {e['want']!r} | {e['sentence']}"
                )
        print()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0

if __name__ == "__main__":
    sys.exit(main())
