"""Build the document-frequency table ``ansum brief`` ships for story grouping.

Run by hand when the term features change (``ansum/brief/features.py``)::

    .venv/bin/python benchmarks/brief_idf.py [--min-df 3] [--out ansum/brief/data/df.json.gz]

Counts title+lead terms (:meth:`ansum.brief.features.DocumentFrequencies.from_records`)
over ../shared/data/corpus/ant-2018.jsonl.gz (31,450 articles of five sites, 2018)
**without** the labelled day 2018-04-14, so the story scores on that day
(benchmarks/stories_eval.py) do not see its own counts; terms in fewer than
``--min-df`` documents are dropped (an unseen term gets the largest IDF anyway, so
rare terms cost bytes and change little).  Prints the size and how many terms it kept.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ansum.brief.features import DocumentFrequencies  # noqa: E402

DATA = Path(os.environ.get("ANSUM_SHARED_DATA", ROOT.parent / "shared" / "data"))
LABELLED_DAYS = ("2018-04-14",)


def main(argv: list[str] | None = None) -> None:
    """Entry point; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "ansum" / "brief" / "data" / "df.json.gz")
    args = ap.parse_args(argv)

    def records():
        with gzip.open(DATA / "corpus" / "ant-2018.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if str(rec.get("date", ""))[:10] not in LABELLED_DAYS:
                    yield rec

    full = DocumentFrequencies.from_records(records())
    kept = {t: n for t, n in full.df.items() if n >= args.min_df}
    DocumentFrequencies(full.n_docs, dict(sorted(kept.items()))).save(args.out)
    print(f"{args.out}: {full.n_docs} documents, {len(kept)} of {len(full.df)} terms "
          f"(df >= {args.min_df}), {args.out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
