"""The stages of :mod:`ansum.brief.ray_engine` that run in Ray workers.

Each function takes and returns one Ray Data batch in the ``pyarrow`` batch format
(every column a string, so blocks of any content share one schema) and calls the same
per-article functions as the local engine (:mod:`ansum.brief.steps`,
:mod:`ansum.brief.inputs`): nothing here decides anything the local engine does not.
This module imports neither ray nor pyarrow at import time; it does not write the cache.

Row shapes (all values ``str``):

* *input rows* (:func:`read_paths`, :func:`records_from_rows`): ``where`` and ``rec``,
  the JSON of an :class:`~ansum.brief.inputs.InputRecord` or ``{"skip": reason}``;
* *prepared rows* (:func:`prepare`): ``where``, ``key`` (content key), ``meta`` (JSON:
  the record's fields, ``features`` or ``bad`` — why it is no article — or ``skip``),
  ``text`` (as read) and ``body`` (cleaned, to brief);
* *outcome rows* (:class:`Briefer`, :func:`mentions`): ``where``, ``key``, ``out``
  (JSON of a :func:`~ansum.brief.steps.brief_outcomes` outcome, of the figure mentions,
  or ``{"fatal": …}``).
"""

from __future__ import annotations

import dataclasses
import json

from ansum.brief.inputs import InputRecord, Skipped, record_from_json


def _table(columns: dict[str, list]):
    import pyarrow as pa

    return pa.table({k: pa.array(v, type=pa.string()) for k, v in columns.items()})


def _input_row(item: InputRecord | Skipped) -> dict:
    if isinstance(item, Skipped):
        return {"where": item.where, "rec": json.dumps({"skip": item.reason},
                                                       ensure_ascii=False)}
    return {"where": item.where,
            "rec": json.dumps(dataclasses.asdict(item), ensure_ascii=False)}


def read_paths(row: dict, max_chars: int) -> list[dict]:
    """``flat_map`` stage: the input rows of one file (``row["path"]``), read by the
    local engine's readers (:func:`ansum.brief.inputs.iter_inputs`), so ids, ``where``
    (``PATH:LINE``) and skip reasons are the same."""
    from ansum.brief.inputs import iter_inputs

    return [_input_row(item) for item in iter_inputs([row["path"]], max_chars=max_chars)]


def records_from_rows(batch, name: str = "dataset"):
    """``map_batches`` stage over a user's Dataset of article dicts (``text`` and
    optional ``id``, ``title``, ``source``, ``url``, ``date``/``time``): input rows as
    for a JSON Lines line; ``where`` is ``NAME:ID`` (``NAME:#KEY`` without an id)."""
    from ansum.brief.cache import content_key

    wheres, recs = [], []
    for obj in batch.to_pylist():
        rid = obj.get("id")
        if rid in (None, ""):
            text = obj.get("text") if isinstance(obj.get("text"), str) else ""
            where = f"{name}:#{content_key(str(obj.get('title') or ''), text)[:16]}"
        else:
            where = f"{name}:{rid}"
        item = record_from_json(obj, where)
        if isinstance(item, InputRecord) and rid not in (None, ""):
            item = dataclasses.replace(item, id=str(rid))
        row = _input_row(item)
        wheres.append(row["where"])
        recs.append(row["rec"])
    return _table({"where": wheres, "rec": recs})


def prepare(batch, max_chars: int):
    """``map_batches`` stage: decode, clean and validate each record
    (:func:`~ansum.brief.steps.validate_record`), its content key and features."""
    from ansum.brief.cache import content_key
    from ansum.brief.features import article_features
    from ansum.brief.steps import features_dict, validate_record
    from ansum.errors import AnsumError

    cols: dict[str, list] = {"where": [], "key": [], "meta": [], "text": [], "body": []}
    for row in batch.to_pylist():
        d = json.loads(row["rec"])
        key, text, body = "", "", ""
        if "skip" in d:
            meta = {"skip": d["skip"]}
        else:
            rec = InputRecord(**d)
            key, text = content_key(rec.title, rec.text), rec.text
            meta = {k: d[k] for k in ("id", "title", "source", "url", "date", "time_s")}
            try:
                body, meta["language"] = validate_record(rec, max_chars)
            except AnsumError as exc:
                meta["bad"] = exc.one_line()
            else:
                meta["features"] = features_dict(article_features(
                    rec.id, rec.title, rec.text, source=rec.source, time_s=rec.time_s))
        cols["where"].append(row["where"])
        cols["key"].append(key)
        cols["meta"].append(json.dumps(meta, ensure_ascii=False))
        cols["text"].append(text)
        cols["body"].append(body)
    return _table(cols)


def mentions(batch, wanted: set[str]):
    """``map_batches`` stage: the figure mentions of the prepared rows whose ``where`` is
    in ``wanted`` (model-free); other rows are dropped."""
    from ansum.brief.assemble import mention_dicts
    from ansum.brief.compare import figure_mentions

    cols: dict[str, list] = {"where": [], "key": [], "out": []}
    for row in batch.to_pylist():
        if row["where"] not in wanted:
            continue
        meta = json.loads(row["meta"])
        found = mention_dicts(figure_mentions(meta["id"], meta["title"], row["text"]))
        cols["where"].append(row["where"])
        cols["key"].append(row["key"])
        cols["out"].append(json.dumps(found, ensure_ascii=False))
    return _table(cols)


def band_keys(batch, bands: int, rows: int, min_words: int):
    """``map_batches`` stage, the distributed first pass of duplicate detection: one row
    ``(band, where)`` per LSH band of each article of at least ``min_words`` words, the
    band key as :func:`ansum.brief.minhash.candidate_pairs` forms it."""
    cols: dict[str, list] = {"band": [], "where": []}
    for row in batch.to_pylist():
        f = json.loads(row["meta"]).get("features")
        if f is None or f["n"] < min_words or f["m"][0] == -1:
            continue
        sig = f["m"]
        for b in range(bands):
            cols["band"].append(" ".join(map(str, (b, *sig[b * rows:(b + 1) * rows]))))
            cols["where"].append(row["where"])
    return _table(cols)


def band_pairs(group):
    """``map_groups`` stage: the pairs ``(a, b)`` of ``where`` sharing one band key."""
    wheres = sorted(set(group.column("where").to_pylist()))
    a = [x for i, x in enumerate(wheres) for _ in wheres[i + 1:]]
    b = [y for i, _ in enumerate(wheres) for y in wheres[i + 1:]]
    return _table({"a": a, "b": b})


def article_of(row: dict):
    """The :class:`~ansum.schema.Article` to brief of a prepared row."""
    from ansum.schema import Article, ArticleMeta

    meta = json.loads(row["meta"])
    am = ArticleMeta(title=meta["title"], source=meta["source"], date=meta["date"] or "",
                     url=meta["url"] or "", language=meta.get("language") or "und")
    return Article(name=row["where"], body=row["body"], meta=am)


class Briefer:
    """``map_batches`` actor: one :class:`~ansum.runtime.Runtime` per actor (the models
    load once, on the first batch), each batch one window of
    :func:`ansum.batch.build_briefs` through :func:`~ansum.brief.steps.brief_outcomes`.

    Args:
        options: the run's :class:`~ansum.brief.build.DigestOptions`.
        wanted: the ``where`` of the rows to brief (other rows are dropped here).
        kill_after: fault injection for tests: after this many batches the actor kills
            itself once per run (``ray.kill``, restartable), marked in ``kill_mark``
            (a file path shared by the actor's restarts).
    """

    def __init__(self, options, wanted: set[str], kill_after: int | None = None,
                 kill_mark: str | None = None) -> None:
        from ansum.runtime import Runtime
        from ansum.translation.memo import DictMemo

        self.options, self.runtime, self.memo = options, Runtime(options.brief), DictMemo()
        self.kill_after, self.kill_mark, self.batches = kill_after, kill_mark, 0
        self.wanted = wanted

    def _maybe_die(self) -> None:
        import os

        self.batches += 1
        if self.kill_after is None or self.batches <= self.kill_after:
            return
        if self.kill_mark and not os.path.exists(self.kill_mark):
            with open(self.kill_mark, "w") as fh:
                fh.write(str(os.getpid()))
            import ray

            ray.kill(ray.get_runtime_context().current_actor, no_restart=False)

    def __call__(self, batch):
        from ansum.brief.steps import brief_outcomes
        from ansum.errors import ConfigError, ModelUnavailableError

        rows = [r for r in batch.to_pylist() if r["where"] in self.wanted]
        if not rows:
            return _table({"where": [], "key": [], "out": []})
        self._maybe_die()
        try:
            outs = brief_outcomes([article_of(r) for r in rows], self.options, self.runtime,
                                  self.memo)
        except (ConfigError, ModelUnavailableError) as exc:
            fatal = {"fatal": type(exc).__name__, "message": exc.message, "hint": exc.hint}
            outs = [fatal] * len(rows)
        return _table({"where": [r["where"] for r in rows], "key": [r["key"] for r in rows],
                       "out": [json.dumps(o, ensure_ascii=False) for o in outs]})
