"""The brief cache: one SQLite database (stdlib :mod:`sqlite3`, WAL journal).

Tables (every value a JSON text):

* ``features(key, data)`` – :class:`~ansum.brief.features.ArticleFeatures` of an
  article's content (model-free);
* ``mentions(key, data)`` – figure mentions of an article's content (model-free; only
  for articles whose story compares figures);
* ``briefs(key, data)`` – the per-article brief parts a story needs (summary, claims,
  figure mentions), keyed by content *and* :func:`brief_key` (models, options, version);
* ``translations(key, source, data)`` – a :class:`~ansum.translation.memo.TranslationMemo`
  (:class:`SqliteMemo`): each sentence translated once across articles and runs;
* ``shown(article, story, first_seen, run)`` – which article contents earlier runs showed,
  in which story and on which date (stories marked ``continuing``).

Keys: :func:`content_key` hashes what an article's brief depends on (title and text);
:func:`brief_key` adds the models (name, repo, revision, generation settings), the
options (summary sentences, claims) and the ansum version, so a change of any of them
misses instead of returning an old brief.  Partial briefs (a model fell back) are never
stored.

Schema version: ``PRAGMA user_version`` holds :data:`SCHEMA_VERSION`; a cache of
another version, with other tables or columns, with rows of another shape, or that
cannot be read or written (not SQLite, read-only) raises :class:`CacheError` (exit 3:
"unusable cache FILE: …; remove it or pass --no-cache") from whichever operation
finds it, never a bare :class:`sqlite3.Error`.  A cache of version 0 (written before
versions were kept) whose tables match is adopted.

Concurrency: every connection runs in WAL mode with a 30 s busy timeout and writes in
short transactions (``INSERT OR REPLACE``), so two runs on one cache never corrupt it;
the last writer of a key wins, and both wrote equal values.  Default location:
``platformdirs.user_cache_dir("ansum")/brief.sqlite3``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ansum import __version__
from ansum.errors import InputError

#: Bump when what is stored per article changes shape or meaning.
CACHE_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS features (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS briefs (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS translations (key TEXT NOT NULL, source TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (key, source));
CREATE TABLE IF NOT EXISTS shown (article TEXT PRIMARY KEY, story TEXT NOT NULL,
    first_seen TEXT NOT NULL, run TEXT NOT NULL);
"""
#: ``PRAGMA user_version`` of the cache; bump when tables or columns change.
SCHEMA_VERSION = 1
_COLUMNS = {
    "features": ("key", "data"), "briefs": ("key", "data"), "mentions": ("key", "data"),
    "translations": ("key", "source", "data"),
    "shown": ("article", "story", "first_seen", "run"),
}
_CHUNK = 500  # keys per SELECT … IN (…): under SQLite's variable limit


class CacheError(InputError):
    """The cache file cannot be used (exit 3): ``"unusable cache FILE: REASON; remove it
    or pass --no-cache"``."""

    def __init__(self, path: str | Path, reason: str,
                 advice: str = "remove it or pass --no-cache") -> None:
        reason = " ".join(str(reason).split())
        super().__init__(f"unusable cache {path}: {reason}; {advice}")


class _BadRow(ValueError):
    pass


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise _BadRow(what)


def _check_features(d) -> None:
    _need(isinstance(d, dict) and isinstance(d.get("h"), str)
          and isinstance(d.get("m"), list) and isinstance(d.get("t"), dict)
          and isinstance(d.get("n"), int), "a features row of another shape")


def _check_brief(d) -> None:
    _need(isinstance(d, dict) and isinstance(d.get("summary"), list)
          and isinstance(d.get("summary_method"), str)
          and isinstance(d.get("claims"), list)
          and (d.get("translator") is None or isinstance(d.get("translator"), str)),
          "a briefs row of another shape")
    _need(all(isinstance(p, list) and len(p) == 2 for p in d["summary"])
          and all(isinstance(c, dict) and {"text", "speaker", "figures", "score"} <= set(c)
                  for c in d["claims"]), "a briefs row of another shape")


_MENTION_KEYS = {"figure", "s", "sentence", "speaker", "noun", "key"}


def _check_mentions(d) -> None:
    _need(isinstance(d, list) and all(isinstance(m, dict) and _MENTION_KEYS <= set(m)
                                      and isinstance(m["figure"], list)
                                      and len(m["figure"]) == 6 for m in d),
          "a mentions row of another shape")


_CHECKS = {"features": _check_features, "briefs": _check_brief, "mentions": _check_mentions}


def _guarded(method):
    """Turn :class:`sqlite3.Error` and bad rows into :class:`CacheError`."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise CacheError(self.path, f"{type(exc).__name__}: {exc}") from None
        except _BadRow as exc:
            raise CacheError(self.path, f"{exc} (not what this version writes)") from None
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise CacheError(self.path, f"a row that is not what this version wrote "
                             f"({type(exc).__name__}: {exc})") from None

    return wrapper


def default_cache_path() -> Path:
    """``user_cache_dir("ansum")/brief.sqlite3`` (platformdirs); not created here."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ansum")) / "brief.sqlite3"


def content_key(title: str, text: str) -> str:
    """BLAKE2b-128 hex of ``title`` and ``text`` (what an article's brief depends on)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(title.encode("utf-8", "surrogatepass"))
    h.update(b"\x1f")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def brief_key(specs: Sequence[object], options: Mapping[str, object]) -> str:
    """A 16-hex-digit digest of the model specs (their ``repr``: name, repo, revision,
    generation settings), the brief ``options`` and the ansum and cache versions."""
    parts = {"ansum": __version__, "cache": CACHE_VERSION,
             "specs": [repr(s) for s in specs], "options": dict(options)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


class BriefCache:
    """The SQLite store (see the module docstring).

    Args:
        path: database file; ``":memory:"`` is not useful across runs but works.
        create_folder: create the file's folder (the default location); False: the
            folder must exist (a user-given path).

    Raises:
        CacheError: the folder is missing (``create_folder`` False) or not writable, the
            file is read-only, not a database, of another schema version, or has other
            tables; later operations raise it too on a bad row or a SQLite error.
    """

    def __init__(self, path: str | Path, *, create_folder: bool = True) -> None:
        self.path = Path(path)
        self.db = None
        memory = str(path) == ":memory:"
        if not memory:
            if create_folder:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise CacheError(path, f"cannot create its folder: "
                                     f"{exc.strerror or exc}") from None
            elif not self.path.parent.is_dir():
                raise CacheError(path, f"folder {self.path.parent} does not exist",
                                 "create it first, or give another --cache FILE")
            if self.path.is_dir():
                raise CacheError(path, "is a folder")
            if self.path.exists() and not self.path.is_file():  # never open a FIFO
                raise CacheError(path, "is not a regular file")
            if self.path.exists() and not os.access(self.path, os.R_OK | os.W_OK):
                raise CacheError(path, "the file is read-only (or unreadable)")
            if not os.access(self.path.parent, os.W_OK | os.X_OK):
                raise CacheError(path, f"folder {self.path.parent} is not writable",
                                 "give another --cache FILE, or pass --no-cache")
        self._open()

    @_guarded
    def _open(self) -> None:
        self.db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None,
                                  check_same_thread=False)
        try:
            self._setup()
        except BaseException:
            self.db.close()
            self.db = None
            raise

    def _check_version(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise CacheError(self.path, f"written by another ansum version (cache "
                             f"schema {version}, this version uses {SCHEMA_VERSION})")
        return version

    def _setup(self) -> None:
        self.db.execute("PRAGMA busy_timeout = 30000")
        self._check_version()  # before anything is changed in another version's file
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        with self._write():
            version = self._check_version()
            for statement in _SCHEMA.strip().split(";"):
                if statement.strip():
                    self.db.execute(statement)
            for table, columns in _COLUMNS.items():
                have = tuple(r[1] for r in self.db.execute(f"PRAGMA table_info({table})"))
                if have != columns:
                    raise CacheError(self.path, f"table {table} has columns "
                                     f"({', '.join(have)}), not ({', '.join(columns)})")
            if version == 0:
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the connection."""
        if self.db is not None:
            self.db.close()

    def _write(self):
        import contextlib

        @contextlib.contextmanager
        def tx():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

        return tx()

    @_guarded
    def _get(self, table: str, keys: Iterable[str]) -> dict[str, object]:
        keys = list(dict.fromkeys(keys))
        out: dict[str, object] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, data in self.db.execute(
                    f"SELECT key, data FROM {table} WHERE key IN ({marks})", chunk):
                value = json.loads(data)
                if table in _CHECKS:
                    _CHECKS[table](value)
                out[key] = value
        return out

    @_guarded
    def _put(self, table: str, items: Mapping[str, object]) -> None:
        if not items:
            return
        rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()]
        with self._write():
            self.db.executemany(f"INSERT OR REPLACE INTO {table} (key, data) VALUES (?, ?)",
                                rows)

    def get_features(self, keys: Iterable[str]) -> dict[str, object]:
        """Stored feature dicts by content key (absent keys left out)."""
        return self._get("features", keys)

    def put_features(self, items: Mapping[str, object]) -> None:
        """Store feature dicts by content key."""
        self._put("features", items)

    def get_briefs(self, keys: Iterable[str]) -> dict[str, object]:
        """Stored brief dicts by full key (``content_key + ":" + brief_key``)."""
        return self._get("briefs", keys)

    def put_briefs(self, items: Mapping[str, object]) -> None:
        """Store brief dicts by full key."""
        self._put("briefs", items)

    def get_mentions(self, keys: Iterable[str]) -> dict[str, object]:
        """Stored figure-mention lists by content key."""
        return self._get("mentions", keys)

    def put_mentions(self, items: Mapping[str, object]) -> None:
        """Store figure-mention lists by content key."""
        self._put("mentions", items)

    @_guarded
    def shown_before(self, articles: Iterable[str], run: str) -> dict[str, tuple[str, str]]:
        """``{article content key: (story id, first_seen)}`` for articles shown by a run
        other than ``run``."""
        keys = list(dict.fromkeys(articles))
        out = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, story, first, r in self.db.execute(
                    "SELECT article, story, first_seen, run FROM shown "
                    f"WHERE article IN ({marks})", chunk):
                _need(isinstance(story, str) and isinstance(first, str),
                      "a shown row of another shape")
                if r != run:
                    out[key] = (story, first)
        return out

    @_guarded
    def mark_shown(self, rows: Iterable[tuple[str, str]], first_seen: str, run: str) -> None:
        """Record ``(article content key, story id)`` pairs as shown on ``first_seen``
        (articles already recorded keep their first record)."""
        rows = [(a, s, first_seen, run) for a, s in rows]
        if rows:
            with self._write():
                self.db.executemany("INSERT OR IGNORE INTO shown VALUES (?, ?, ?, ?)", rows)

    @_guarded
    def integrity(self) -> str:
        """``PRAGMA integrity_check``'s answer ("ok" when sound)."""
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


class SqliteMemo:
    """A :class:`~ansum.translation.memo.TranslationMemo` over the cache's
    ``translations`` table (results stored as
    :func:`~ansum.translation.memo.result_record` dicts)."""

    def __init__(self, cache: BriefCache) -> None:
        self.cache = cache
        self.path = cache.path

    @_guarded
    def get_many(self, key: str, sources: Sequence[str]) -> dict:
        """See :meth:`ansum.translation.memo.TranslationMemo.get_many`."""
        from ansum.translation.memo import result_from_record

        sources = list(dict.fromkeys(sources))
        out = {}
        for i in range(0, len(sources), _CHUNK):
            chunk = sources[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for source, data in self.cache.db.execute(
                    f"SELECT source, data FROM translations WHERE key = ? AND source IN ({marks})",
                    [key, *chunk]):
                out[source] = result_from_record(json.loads(data))
        return out

    @_guarded
    def put_many(self, key: str, results: Mapping) -> None:
        """See :meth:`ansum.translation.memo.TranslationMemo.put_many`."""
        from ansum.translation.memo import result_record

        rows = [(key, s, json.dumps(result_record(r), ensure_ascii=False))
                for s, r in results.items()]
        if rows:
            with self.cache._write():
                self.cache.db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?)", rows)
