"""Hostile inputs of ``ansum brief``: --out/--cache among the scanned inputs, special
files in folders, unusable caches, unreadable subfolders, long JSON Lines lines, BOMs,
a --cache in a missing folder.  Every case: one line on stderr, exit 3, nothing lost."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import signal
import socket
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ansum.brief.cache import SCHEMA_VERSION, BriefCache, CacheError, default_cache_path
from ansum.brief.inputs import Skipped, bounded_lines, iter_inputs, iter_jsonl
from ansum.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
HEAT = (ROOT / "examples/heatwave.txt").read_text("utf-8")
PORT = (ROOT / "examples/port-expansion.txt").read_text("utf-8")
runner = CliRunner()
BRIEF = ["brief", "-p", "extractive"]


@contextlib.contextmanager
def deadline(seconds: int = 60):
    """Fail (instead of hanging the suite) when the block takes longer than ``seconds``."""
    def boom(*_):
        raise TimeoutError(f"ansum brief hung for {seconds} s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def brief(*args, **kw):
    with deadline():
        res = runner.invoke(app, [*BRIEF, *map(str, args)], **kw)
    assert "internal error" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    return res


def folder(tmp_path: Path, name: str = "in") -> Path:
    d = tmp_path / name
    d.mkdir()
    (d / "a.txt").write_text(HEAT, "utf-8")
    return d


def jsonl_line(text: str = PORT, **extra) -> str:
    return json.dumps({"text": text, **extra}, ensure_ascii=False) + "\n"


# --- 1. --out / --cache among the inputs a folder scan finds ------------------------------


def test_out_found_by_the_folder_scan_is_refused(tmp_path):
    d = folder(tmp_path)
    page = d / "b.html"
    page.write_text("<html><body><p>" + PORT + "</p></body></html>", "utf-8")
    before = page.read_bytes()
    res = brief("--no-cache", "-f", "html", "-o", page, d)
    assert res.exit_code == 3 and "refusing to overwrite input" in res.stderr
    assert str(page) in res.stderr and page.read_bytes() == before
    sub = d / "sub"
    sub.mkdir()
    (sub / "x.jsonl").write_text(jsonl_line(), "utf-8")
    res = brief("--no-cache", "-o", sub / "x.jsonl", d)
    assert res.exit_code == 3 and (sub / "x.jsonl").read_text("utf-8") == jsonl_line()
    # a brief written into the folder is refused on the next run, not read as an article
    out = d / "brief.txt"
    assert brief("--no-cache", "-o", out, d).exit_code == 0
    first = out.read_text("utf-8")
    res = brief("--no-cache", "-o", out, d)
    assert res.exit_code == 3 and "refusing to overwrite input" in res.stderr
    assert out.read_text("utf-8") == first
    # a link in the folder to an --out elsewhere (existing, or not created yet)
    elsewhere = tmp_path / "out.txt"
    (d / "link.txt").symlink_to(elsewhere)
    res = brief("--no-cache", "-o", elsewhere, d)
    assert res.exit_code == 3 and "link.txt" in res.stderr and not elsewhere.exists()
    elsewhere.write_text("keep", "utf-8")
    res = brief("--no-cache", "-o", tmp_path / "x" / ".." / "out.txt", d)
    assert res.exit_code == 3 and elsewhere.read_text("utf-8") == "keep"


def test_cache_that_is_an_input_or_the_out_file_is_refused(tmp_path):
    d = folder(tmp_path)
    empty = d / "e.jsonl"
    empty.write_bytes(b"")
    res = brief("--cache", empty, d)
    assert res.exit_code == 3 and "refusing to overwrite input" in res.stderr
    assert "cache" in res.stderr and empty.read_bytes() == b""
    res = brief("--cache", d / "a.txt", d / "a.txt")
    assert res.exit_code == 3 and (d / "a.txt").read_text("utf-8") == HEAT
    co = tmp_path / "co.md"
    res = brief("--cache", co, "-o", co, d / "a.txt")
    assert res.exit_code == 3 and "also the cache file" in res.stderr and not co.exists()
    cache = tmp_path / "c.db"
    assert brief("--cache", cache, d / "a.txt").exit_code == 0
    res = brief("--cache", cache, "-o", cache, d / "a.txt")
    assert res.exit_code == 3 and BriefCache(cache).integrity() == "ok"


# --- 2. FIFOs, sockets, symlink loops ---------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_in_a_folder_are_skipped_with_a_warning_never_opened(tmp_path):
    d = folder(tmp_path)
    os.mkfifo(d / "pipe.txt")
    os.mkfifo(d / "pipe.jsonl")
    (d / "loop.txt").symlink_to(d / "loop.txt")
    (d / "dangling.html").symlink_to(tmp_path / "gone.html")
    (d / "ok.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "real.txt").write_text(PORT, "utf-8")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(d / "s.jsonl"))
        res = brief("--no-cache", "-f", "json", d)
    finally:
        sock.close()
    assert res.exit_code == 3, res.output
    skipped = {s["where"]: s["reason"] for s in json.loads(res.stdout)["inputs"]["skipped"]}
    assert skipped == {str(d / "pipe.txt"): "is a FIFO, not a regular file",
                       str(d / "pipe.jsonl"): "is a FIFO, not a regular file",
                       str(d / "s.jsonl"): "is a socket, not a regular file",
                       str(d / "loop.txt"): "symlink loop",
                       str(d / "dangling.html"): "dangling symlink"}
    assert json.loads(res.stdout)["inputs"]["articles"] == 2  # a.txt and the link ok.txt
    assert res.stderr.count("pipe.txt") == 1
    res = brief("--no-cache", d / "pipe.txt")  # given by name: refused, not opened
    assert res.exit_code == 3 and "FIFO" in res.stderr
    res = brief("--no-cache", d / "pipe.jsonl", d / "a.txt")
    assert res.exit_code == 3 and "pipe.jsonl: skipped: is a FIFO" in res.stderr
    res = brief("--cache", d / "pipe.jsonl", tmp_path / "real.txt")  # a FIFO as the cache
    assert res.exit_code == 3 and "is not a regular file" in res.stderr


# --- 3. unusable caches ---------------------------------------------------------------


def _good_cache(tmp_path: Path) -> Path:
    cache = tmp_path / "good.db"
    d = folder(tmp_path, "src")
    (d / "b.txt").write_text(HEAT.replace("الحرارة", "الحر"), "utf-8")
    assert brief("--cache", cache, d).exit_code == 0
    return cache


CORRUPTIONS = [
    "DROP TABLE shown; CREATE TABLE shown (article TEXT PRIMARY KEY, story INT)",
    "ALTER TABLE briefs RENAME COLUMN data TO d",
    "UPDATE briefs SET data = 'not json'",
    "UPDATE briefs SET data = '{\"a\": 1}'",
    "UPDATE briefs SET data = '{\"summary\": 5, \"summary_method\": \"x\", \"claims\": []}'",
    "UPDATE features SET data = '[1]'",
    "UPDATE features SET data = 7",
    "PRAGMA user_version = 99",
    "UPDATE features SET data = X'FF00'",
]


@pytest.mark.parametrize("sql", CORRUPTIONS)
def test_a_cache_of_another_schema_or_shape_is_exit_3_never_internal(tmp_path, sql):
    cache = _good_cache(tmp_path)
    db = sqlite3.connect(cache)
    db.executescript(sql)
    db.close()
    res = brief("--cache", cache, tmp_path / "src")
    assert res.exit_code == 3, res.output
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith(f"ansum: error: unusable cache {cache}: ")
    assert line.endswith("remove it or pass --no-cache")


def test_cache_versions_not_a_database_and_read_only(tmp_path, monkeypatch):
    cache = _good_cache(tmp_path)
    db = sqlite3.connect(cache)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute("PRAGMA user_version = 0")  # a cache from before versions: adopted
    db.close()
    assert brief("--cache", cache, tmp_path / "src").exit_code == 0
    db = sqlite3.connect(cache)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    with pytest.raises(CacheError, match="another ansum version"):
        db = sqlite3.connect(cache)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.close()
        BriefCache(cache)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello, not SQLite" * 100)
    res = brief("--cache", junk, tmp_path / "src")
    assert res.exit_code == 3 and "unusable cache" in res.stderr and "not a database" in res.stderr
    # a read-only cache file (root ignores mode bits, so os.access is what is asked)
    (tmp_path / "x").mkdir()
    ro = _good_cache(tmp_path / "x")
    real_access = os.access
    monkeypatch.setattr("ansum.brief.cache.os.access",
                        lambda p, m, *a, **k: False if os.fspath(p) == os.fspath(ro) and m & os.W_OK
                        else real_access(p, m, *a, **k))
    res = brief("--cache", ro, tmp_path / "x" / "src")
    assert res.exit_code == 3, res.output
    assert "read-only" in res.stderr and "unusable cache" in res.stderr
    # SQLite's own "readonly database" from a later write is a CacheError too
    store = BriefCache(cache.with_name("w.db"))
    store.db.close()
    store.db = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(CacheError, match="readonly"):
        store.put_features({"k": {"h": "", "m": [], "t": {}, "n": 0}})
    store.close()


# --- 4. unreadable subfolders ----------------------------------------------------------


def test_an_unreadable_subfolder_is_named_and_the_rest_briefed(tmp_path, monkeypatch):
    d = folder(tmp_path)
    sub = d / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text(PORT, "utf-8")
    sub.chmod(0)
    real_scandir = os.scandir

    def scandir(path="."):  # root reads any folder: refuse as the kernel would for a user
        if isinstance(path, (str, os.PathLike)) and Path(path) == sub:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    try:
        res = brief("--no-cache", "-f", "json", d)
    finally:
        sub.chmod(0o755)
    assert res.exit_code == 3, res.output
    digest = json.loads(res.stdout)
    assert digest["inputs"]["skipped"] == [
        {"where": str(sub), "reason": "cannot read folder: Permission denied"}]
    assert digest["inputs"]["articles"] == 1
    assert f"warning: {sub}: skipped: cannot read folder" in res.stderr


# --- 5. long JSON Lines lines: bounded memory ---------------------------------------------


class CountingStream(io.BytesIO):
    """Records the largest ``readline`` size asked for and the longest line handed out."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []
        self.longest = 0

    def readline(self, size=-1):
        self.asked.append(size)
        line = super().readline(size)
        self.longest = max(self.longest, len(line))
        return line


def test_a_line_over_the_byte_cap_is_skipped_without_holding_it(tmp_path):
    cap = 1000
    big = jsonl_line("ب" * 100_000).encode()  # 200 KB on one line
    short = "قال الوزير إن الميناء سيفتح غدا."
    stream = CountingStream(big + jsonl_line(short).encode() + b'{"text": "' + b"x" * 5000)
    items = list(iter_jsonl(stream, "s.jsonl", max_bytes=cap))
    assert all(0 < n <= cap + 1 for n in stream.asked) and stream.longest <= cap + 1
    assert [type(i).__name__ for i in items] == ["Skipped", "InputRecord", "Skipped"]
    assert items[0].where == "s.jsonl:1" and items[2].where == "s.jsonl:3"
    assert items[0].reason.startswith(f"line over {cap} bytes")
    assert items[1].text == short
    # through the CLI: --max-chars 1000 → a cap of 20 × 1000 + 64 KiB = 85536 bytes
    path = tmp_path / "d.jsonl"
    path.write_bytes(big + jsonl_line(HEAT).encode())
    res = brief("--no-cache", "--max-chars", "5000", "-f", "json", path)
    assert res.exit_code == 3, res.output
    assert f"{path}:1: skipped: line over {20 * 5000 + 65536} bytes" in res.stderr
    assert "characters" not in res.stderr.split("line over")[1].splitlines()[0]
    assert json.loads(res.stdout)["inputs"]["articles"] == 1


def test_bounded_lines_and_the_read_limit_message():
    lines = list(bounded_lines(io.BytesIO(b"ab\n" + b"c" * 10 + b"\nd"), 5))
    assert lines[0] == "ab\n" and lines[2] == "d" and type(lines[1]).__name__ == "_LineTooLong"
    from ansum.errors import InputTooLargeError
    from ansum.input.read import article_from_text

    with pytest.raises(InputTooLargeError) as exc:
        article_from_text("ب" * 90_000, max_chars=1000)
    assert "read limit of 85536" in exc.value.message and "20 × max_chars 1000" in exc.value.message


# --- 6. a UTF-8 byte order mark -----------------------------------------------------------


def test_a_bom_before_the_first_line_is_accepted_in_jsonl_gz_and_stdin(tmp_path):
    bom = b"\xef\xbb\xbf"
    plain = tmp_path / "b.jsonl"
    plain.write_bytes(bom + jsonl_line(HEAT, id="h").encode() + jsonl_line(id="p").encode())
    packed = tmp_path / "b.jsonl.gz"
    with gzip.open(packed, "wb") as fh:
        fh.write(bom + jsonl_line(HEAT, id="h2").encode())
    items = list(iter_inputs([str(plain), str(packed)]))
    assert [i.id for i in items] == ["h", "p", "h2"]
    assert not any(isinstance(i, Skipped) for i in items)
    res = brief("--no-cache", "-f", "json", plain, packed)
    assert res.exit_code == 0, res.output
    res = brief("--no-cache", "-f", "json", "-", input=bom + jsonl_line(HEAT, id="s").encode())
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["inputs"]["articles"] == 1
    # a BOM on a later line is not a BOM: that line is reported
    later = tmp_path / "later.jsonl"
    later.write_bytes(jsonl_line(HEAT).encode() + bom + jsonl_line().encode())
    assert [i.where for i in iter_inputs([str(later)]) if isinstance(i, Skipped)] == [
        f"{later}:2"]


# --- 7. --cache in a folder that does not exist -----------------------------------------


def test_a_user_cache_needs_its_folder_the_default_one_is_created(tmp_path):
    d = folder(tmp_path)
    missing = tmp_path / "nope" / "deeper" / "c.db"
    res = brief("--cache", missing, d)
    assert res.exit_code == 3 and "does not exist" in res.stderr
    assert not (tmp_path / "nope").exists()
    assert not default_cache_path().exists()
    assert brief(d).exit_code == 0  # the default location (under the test's HOME)
    assert default_cache_path().is_file()
