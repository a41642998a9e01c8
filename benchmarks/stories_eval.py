"""Duplicates, stories and figures compared against the hand-labelled day.

Run by hand (``tests/test_brief_stories.py`` pins floors)::

    .venv/bin/python benchmarks/stories_eval.py                  # dev / test / full / per site
    .venv/bin/python benchmarks/stories_eval.py --tune           # threshold sweep, dev half only
    .venv/bin/python benchmarks/stories_eval.py --corpus 1000    # time + peak RSS on the corpus
    .venv/bin/python benchmarks/stories_eval.py --corpus 400 --date 2018-05-09 --show 15
    ansum brief -p extractive -f json --no-cache DAY.jsonl > d.json
    .venv/bin/python benchmarks/stories_eval.py --digest d.json  # score the command's output

Gold: ``days/2018-04-14.stories.json`` of ../shared/data (or ``$ANSUM_SHARED_DATA``):
58 stories over 148 articles, 8 duplicate groups, 14 figure items.

* **Dev / test.** Stories go to ``dev`` when the first byte of SHA-1 of their id is even,
  else to ``test``; each half is scored by grouping only that half's articles.  Tune on
  dev only (``--tune``); test is reported, never tuned on.
* **Stories:** B-cubed P/R/F1 (Bagga & Baldwin 1998), duplicates kept under their original
  (:func:`ansum.brief.stories.attach_duplicates`).  Per site: the full-day clustering's
  B-cubed averaged over that site's articles.
* **Duplicates:** precision and recall of unordered duplicate pairs.
* **Figures compared:** gold items with at least two of their reports shown in one
  compared figure (:func:`ansum.brief.score.figure_coverage`), figures compared on the
  predicted stories.
* **IDF** comes from the corpus file without the evaluated day's date (counted once,
  cached under ``$ANSUM_BRIEF_CACHE`` or /tmp).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("ANSUM_SHARED_DATA", ROOT.parent / "shared" / "data"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ansum.brief.compare import compare_story  # noqa: E402
from ansum.brief.dedup import find_duplicates  # noqa: E402
from ansum.brief.features import DocumentFrequencies, features_from_record  # noqa: E402
from ansum.brief.score import (  # noqa: E402
    bcubed,
    duplicate_pairs,
    figure_coverage,
    groups_from_map,
    pair_scores,
)
from ansum.brief.stories import StoryOptions, attach_duplicates, group_stories  # noqa: E402

DAY = "2018-04-14"
CORPUS = "corpus/ant-2018.jsonl.gz"


def read_jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def half_of(story_id: str) -> str:
    """``"dev"`` or ``"test"``: the parity of the first byte of SHA-1 of the story id."""
    return "dev" if hashlib.sha1(story_id.encode()).digest()[0] % 2 == 0 else "test"


def corpus_df(data: Path, exclude_date: str) -> DocumentFrequencies:
    """Document frequencies of the corpus without ``exclude_date`` (cached)."""
    folder = Path(os.environ.get("ANSUM_BRIEF_CACHE", "/tmp"))
    cache = folder / f"ansum-df-no-{exclude_date}.json.gz"
    if cache.exists():
        return DocumentFrequencies.load(cache)
    records = (r for r in read_jsonl(data / CORPUS) if r.get("date") != exclude_date)
    df = DocumentFrequencies.from_records(records)
    cache.parent.mkdir(parents=True, exist_ok=True)
    df.save(cache)
    return df


def load_day(data: Path, day: str = DAY) -> tuple[list[dict], dict]:
    records = list(read_jsonl(data / "days" / f"{day}.jsonl"))
    gold = json.loads((data / "days" / f"{day}.stories.json").read_text(encoding="utf-8"))
    return records, gold


def run_stories(records, idf, options: StoryOptions):
    """Features → duplicates → stories over originals → duplicates attached."""
    feats = [features_from_record(r) for r in records]
    dups = find_duplicates(feats)
    originals = [f for f in feats if f.id not in dups]
    stories = attach_duplicates(group_stories(originals, options, idf=idf), dups)
    return stories, dups


def score_half(records, gold, idf, options, half: str | None):
    """B-cubed and duplicate P/R on the articles of one half (None: the whole day)."""
    stories = [s for s in gold["stories"] if half is None or half_of(s["story"]) == half]
    ids = {i for s in stories for i in s["ids"]}
    recs = [r for r in records if r["id"] in ids]
    pred, dups = run_stories(recs, idf, options)
    gold_groups = [g for g in gold["duplicates"] if set(g) <= ids]
    dup = pair_scores(duplicate_pairs(groups_from_map(dups)), duplicate_pairs(gold_groups))
    return bcubed(pred, [s["ids"] for s in stories]), dup, pred, len(stories), len(recs)


def figures_compared(records, stories, dups) -> list:
    """Compared figures of every story with 2+ originals (duplicates left out)."""
    by_id = {r["id"]: r for r in records}
    out = []
    for story in stories:
        orig = [i for i in story if i not in dups]
        if len(orig) >= 2:
            arts = [(i, by_id[i]["title"], by_id[i]["text"], by_id[i]["source"]) for i in orig]
            out.extend(compare_story(arts))
    return out


def fmt(prf) -> str:
    return f"P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}"


def report(data: Path, threshold: float | None) -> None:
    records, gold = load_day(data)
    idf = corpus_df(data, gold["date"])
    options = StoryOptions() if threshold is None else StoryOptions(threshold=threshold)
    print(
        f"day {gold['date']}: {len(records)} articles, {len(gold['stories'])} stories; "
        f"threshold {options.threshold}, window {options.window_h} h; IDF over {idf.n_docs} "
        f"corpus articles (day excluded)\n"
    )
    print("| half | stories | articles | B-cubed | duplicate pairs |")
    print("| --- | --- | --- | --- | --- |")
    full_pred = None
    for half in ("dev", "test", None):
        b, d, pred, n_s, n_a = score_half(records, gold, idf, options, half)
        dup = f"P {d.precision:.3f} R {d.recall:.3f} ({d.n})"
        print(f"| {half or 'full'} | {n_s} | {n_a} | {fmt(b)} | {dup} |")
        if half is None:
            full_pred = pred
    print("\n| site | articles | B-cubed (full-day clustering) |")
    print("| --- | --- | --- |")
    gold_ids = [s["ids"] for s in gold["stories"]]
    for site in sorted({r["source"] for r in records}):
        ids = [r["id"] for r in records if r["source"] == site]
        print(f"| {site} | {len(ids)} | {fmt(bcubed(full_pred, gold_ids, items=ids))} |")
    _, dups = run_stories(records, idf, options)
    compared = figures_compared(records, full_pred, dups)
    cov = figure_coverage([c.pairs() for c in compared], gold["figures"])
    oracle = figures_compared(records, gold_ids, dups)
    cov_gold = figure_coverage([c.pairs() for c in oracle], gold["figures"])
    print(
        f"\nfigures compared (2+ reports of a gold item in one compared figure): "
        f"{cov.covered}/{cov.total} on predicted stories ({len(compared)} compared figures), "
        f"{cov_gold.covered}/{cov_gold.total} on gold stories; missed: {', '.join(cov.missed)}"
    )
    singles = bcubed([[r["id"]] for r in records], gold_ids)
    print(f"\nbaseline, every article alone: F1 {singles.f1:.3f}")


def score_digest(data: Path, digest_path: Path) -> None:
    """B-cubed, duplicate pairs and figure coverage of an ``ansum brief -f json`` output
    on the gold day (article ids are the records' ids)."""
    _, gold = load_day(data)
    digest = json.loads(digest_path.read_text(encoding="utf-8"))
    pred = [[a["id"] for a in s["articles"]] for s in digest["stories"]]
    b = bcubed(pred, [s["ids"] for s in gold["stories"]])
    dup_map = {a["id"]: a["duplicate_of"] for s in digest["stories"] for a in s["articles"]
               if a["duplicate_of"]}
    d = pair_scores(duplicate_pairs(groups_from_map(dup_map)), duplicate_pairs(gold["duplicates"]))
    pairs = [[(r["article_id"], r["text"]) for r in f["reports"]]
             for s in digest["stories"] for f in s["figures_compared"]]
    cov = figure_coverage(pairs, gold["figures"])
    print(f"{len(pred)} stories, {sum(map(len, pred))} articles: B-cubed {fmt(b)}; "
          f"duplicate pairs P {d.precision:.3f} R {d.recall:.3f} ({d.n}); figures compared "
          f"{cov.covered}/{cov.total} gold items (missed: {', '.join(cov.missed) or 'none'})")


def tune(data: Path) -> None:
    records, gold = load_day(data)
    idf = corpus_df(data, gold["date"])
    print("dev half only")
    for t in [x / 100 for x in range(4, 42, 2)]:
        b, *_ = score_half(records, gold, idf, StoryOptions(threshold=t), "dev")
        print(f"threshold {t:.2f}: {fmt(b)}")


def corpus_run(data: Path, n: int, date: str | None, show: int, options: StoryOptions) -> None:
    rows = read_jsonl(data / CORPUS)
    if date:
        rows = itertools.dropwhile(lambda r: r.get("date") != date, rows)
    idf = corpus_df(data, date or DAY)
    t0 = time.perf_counter()
    feats, titles = [], {}
    for r in itertools.islice(rows, n):
        feats.append(features_from_record(r))
        if show:
            titles[r["id"]] = r.get("title", "")
    t1 = time.perf_counter()
    dups = find_duplicates(feats)
    t2 = time.perf_counter()
    stories = group_stories([f for f in feats if f.id not in dups], options, idf=idf)
    t3 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(feats)} articles: features {t1 - t0:.2f} s, duplicates {t2 - t1:.2f} s "
        f"({len(dups)} found), stories {t3 - t2:.2f} s ({len(stories)} stories, "
        f"{sum(len(s) > 1 for s in stories)} with 2+); total {t3 - t0:.2f} s; "
        f"peak RSS {rss_mb:.0f} MB (includes the cached IDF table)"
    )
    for story in stories[:show]:
        print(f"\n[{len(story)}]")
        for i in story[:8]:
            print("   ", i, titles.get(i, "")[:100])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--digest", type=Path, default=None,
                    help="score this `ansum brief -f json` output of the gold day")
    ap.add_argument("--corpus", type=int, default=0, metavar="N")
    ap.add_argument("--date", default=None, help="with --corpus: start at this date")
    ap.add_argument("--show", type=int, default=0, help="with --corpus: print the biggest stories")
    args = ap.parse_args(argv)
    if not (args.data / "days").is_dir():
        print(f"shared data not found at {args.data} (set ANSUM_SHARED_DATA)", file=sys.stderr)
        return 2
    if args.digest:
        score_digest(args.data, args.digest)
    elif args.corpus:
        opts = StoryOptions() if args.threshold is None else StoryOptions(threshold=args.threshold)
        corpus_run(args.data, args.corpus, args.date, args.show, opts)
    elif args.tune:
        tune(args.data)
    else:
        report(args.data, args.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
