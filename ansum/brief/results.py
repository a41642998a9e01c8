"""``ansum brief --results DIR``: one row per article of the digest, as Parquet.

Written by the driver with pyarrow (installed with ``ansum[ray]``), for downstream
analysis (pandas, DuckDB, Spark, Ray Data).  Columns, one row per article shown (in
story order, then article order within the story):

===============  ======================================================================
``story``        the story's id in the digest
``id``           article id; ``where`` where it was read (``PATH`` or ``PATH:LINE``)
``source``       site; ``title``; ``url``; ``date`` (ISO 8601 UTC when known)
``duplicate_of`` the original's id for a duplicate, else null
``content_key``  :func:`ansum.brief.cache.content_key` of title and text
``brief``        JSON of the article's brief parts (summary, claims …; null for a
                 duplicate or a brief that could not be made)
===============  ======================================================================

The file is ``DIR/briefs.parquet``, written to a temporary name and renamed, so a
reader never sees half a file; DIR is created.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ansum.errors import ConfigError, InputError

COLUMNS = ("story", "id", "where", "source", "title", "url", "date", "duplicate_of",
           "content_key", "brief")


def require_pyarrow():
    """Import and return ``pyarrow.parquet``.

    Raises:
        ConfigError: pyarrow is not installed (exit 6), naming the extra.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("--results needs the pyarrow package, which is not installed",
                          hint="pip install 'ansum[ray]' (or pyarrow)") from None
    return pq


def write_results(directory: str | Path, digest: dict, refs, store, bkey: str,
                  fresh: dict | None = None) -> Path:
    """Write ``DIR/briefs.parquet`` (see the module docstring); return its path.

    Args:
        directory: the output folder (created).
        digest: the digest dict of the run.
        refs: the run's :class:`ansum.brief.steps.Ref` list.
        store: the run's :class:`~ansum.brief.cache.BriefCache` (briefs by key).
        bkey: the run's brief key.
        fresh: partial brief dicts by content key (not stored).

    Raises:
        ConfigError: pyarrow is not installed (``pip install 'ansum[ray]'``).
        InputError: the folder cannot be written (exit 3).
    """
    pq = require_pyarrow()
    import pyarrow as pa

    by_id = {r.id: r for r in refs}
    fresh = fresh or {}
    cols: dict[str, list] = {c: [] for c in COLUMNS}
    for story in digest["stories"]:
        arts = story["articles"]
        keys = [by_id[a["id"]].key for a in arts if not a["duplicate_of"]]
        stored = store.get_briefs(f"{k}:{bkey}" for k in keys)
        for a in arts:
            ref = by_id[a["id"]]
            brief = None
            if not a["duplicate_of"]:
                brief = fresh.get(ref.key) or stored.get(f"{ref.key}:{bkey}")
            row = {"story": story["id"], "id": a["id"], "where": ref.where,
                   "source": a["source"], "title": a["title"], "url": a["url"],
                   "date": a["date"], "duplicate_of": a["duplicate_of"],
                   "content_key": ref.key,
                   "brief": None if brief is None else json.dumps(brief, ensure_ascii=False)}
            for c in COLUMNS:
                cols[c].append(row[c])
    table = pa.table({c: pa.array(v, type=pa.string()) for c, v in cols.items()})
    folder = Path(directory)
    target = folder / "briefs.parquet"
    tmp = folder / f".briefs.parquet.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"--results {directory}: cannot write: {exc.strerror or exc}",
                         "give a folder you can write") from None
    return target
