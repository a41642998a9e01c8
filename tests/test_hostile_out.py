"""Hostile command lines and config (issue 12, items 1-3, 5, 6, 9): ``--out`` never
replaces what is not a regular file and never an input, symlink loops, ``--max-chars``
bounds, oversized or special models.toml files, config strings on the terminal.

Special files are made inside a temp dir (``mkfifo``, ``mknod``; never the real /dev).
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from terminal import ansum_on_a_pty
from test_hostile import ARTICLE, assert_one_line_error, run, write
from typer.testing import CliRunner

from ansum import cli
from ansum.config import MAX_CONFIG_BYTES
from ansum.input.read import MAX_CHARS_LIMIT

#: What must never reach a terminal from a config string: C0/C1 controls (ESC, BEL, CSI),
#: bidi controls, and the default-ignorable characters the input stage removes.
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e0fff]")


def _mknod(path: Path, kind: int, major: int, minor: int) -> Path:
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except (PermissionError, AttributeError):
        pytest.skip("mknod needs root (CAP_MKNOD)")
    return path


# --- item 1: special files as --out -------------------------------------------------


def test_out_fifo_is_written_into_and_stays_a_fifo(tmp_path):
    src = write(tmp_path / "in.txt", ARTICLE)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("--profile", "extractive", "--out", str(fifo), str(src))
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert "الملخص" in got[0].decode("utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_out_character_devices_are_written_into_never_replaced(tmp_path):
    src = write(tmp_path / "in.txt", ARTICLE)
    null = _mknod(tmp_path / "null", stat.S_IFCHR, 1, 3)
    full = _mknod(tmp_path / "full", stat.S_IFCHR, 1, 7)
    assert run("--profile", "extractive", "--out", str(null), str(src)).exit_code == 0
    assert_one_line_error(run("--profile", "extractive", "--out", str(full), str(src)), 3,
                          "No space left")  # documented: exit 3 when the disk is full
    for dev, minor in ((null, 3), (full, 7)):
        st = os.stat(dev)
        assert stat.S_ISCHR(st.st_mode) and os.minor(st.st_rdev) == minor
    # a symlink to a device (as /dev/stderr is) is written through, the link kept
    link = tmp_path / "stderr-like"
    link.symlink_to(null)
    assert run("--profile", "extractive", "--out", str(link), str(src)).exit_code == 0
    assert link.is_symlink() and stat.S_ISCHR(os.stat(null).st_mode)


def test_out_sockets_and_block_devices_are_refused(tmp_path):
    src = write(tmp_path / "in.txt", ARTICLE)
    with tempfile.TemporaryDirectory(prefix="s") as short:  # AF_UNIX paths are short
        sock_path = Path(short) / "sock"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(sock_path))
        try:
            assert_one_line_error(run("--profile", "extractive", "--out", str(sock_path),
                                      str(src)), 3, "socket")
            assert stat.S_ISSOCK(os.stat(sock_path).st_mode)
        finally:
            sock.close()
    blk = _mknod(tmp_path / "blk", stat.S_IFBLK, 7, 0)
    assert_one_line_error(run("--profile", "extractive", "--out", str(blk), str(src)), 3,
                          "block device")
    assert stat.S_ISBLK(os.stat(blk).st_mode)


# --- item 2: standard input that is the --out file -----------------------------------


def test_stdin_redirected_from_the_out_file_is_refused(tmp_path):
    art = write(tmp_path / "art.txt", ARTICLE)
    link = tmp_path / "link.txt"
    link.symlink_to(art)
    os.link(art, tmp_path / "hard.txt")
    for out in (art, link, tmp_path / "hard.txt", tmp_path / "." / "art.txt"):
        with open(art, "rb") as stdin:
            proc = subprocess.run(
                [sys.executable, "-m", "ansum", "summarize", "-p", "extractive", "--out",
                 str(out), "-"], stdin=stdin, capture_output=True, timeout=120)
        assert proc.returncode == 3, proc.stderr
        assert b"standard input" in proc.stderr and b"Traceback" not in proc.stderr
        assert art.read_text(encoding="utf-8") == ARTICLE  # the article is not lost


# --- item 3: symlink loops ------------------------------------------------------------


def test_symlink_loops_as_out_are_exit_3(tmp_path):
    src = write(tmp_path / "in.txt", ARTICLE)
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "to-loop").symlink_to(tmp_path / "a")
    (tmp_path / "d").mkdir()
    for out in ("a", "self", "to-loop", "a/x.txt", "d/../a", "self/deeper/x.txt"):
        assert_one_line_error(run("--profile", "extractive", "--out", str(tmp_path / out),
                                  str(src)), 3, "symlink loop")
    assert_one_line_error(run("--profile", "extractive", str(tmp_path / "a")), 3)


# --- item 5: --max-chars bounds -------------------------------------------------------


@pytest.mark.parametrize("value", ["10000000000", "99999999999999999999", "0", "-5",
                                   str(MAX_CHARS_LIMIT + 1), "1e9", "lots"])
def test_max_chars_out_of_range_is_exit_2_naming_the_range(kremlin_path, value):
    result = run("-p", "extractive", "--max-chars", value, str(kremlin_path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    if value.lstrip("-").isdigit():
        assert f"1 to {MAX_CHARS_LIMIT}" in result.stderr


def test_max_chars_at_the_limit_works(kremlin_path):
    assert run("-p", "extractive", "--max-chars", str(MAX_CHARS_LIMIT),
               str(kremlin_path)).exit_code == 0


# --- item 6: oversized and special models.toml ------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


@pytest.mark.parametrize("size", [MAX_CONFIG_BYTES + 1, 2 << 30, 5 << 30])
def test_oversized_models_toml_is_refused_at_once(tmp_path, kremlin_path, monkeypatch, size):
    big = _sparse(tmp_path / "models.toml", size)
    start = time.perf_counter()
    assert_one_line_error(run("--models", str(big), "-p", "extractive", str(kremlin_path)),
                          6, str(MAX_CONFIG_BYTES))
    monkeypatch.setenv("ANSUM_MODELS", str(big))
    assert_one_line_error(run("-p", "extractive", str(kremlin_path)), 6, "larger than")
    models = CliRunner().invoke(cli.app, ["models", "list"])
    assert models.exit_code == 6 and "larger than" in models.stderr
    assert time.perf_counter() - start < 5  # never read whole (2 GB took 13.7 s, 4.2 GB)


def test_models_toml_that_grows_past_the_limit_is_refused(tmp_path, kremlin_path):
    # a file whose size stat does not show (a FIFO fed by a writer) is read up to the
    # limit + 1 byte only
    comment = ("# " + "x" * 98 + "\n").encode() * (MAX_CONFIG_BYTES // 100 + 10)
    fifo = tmp_path / "models.toml"
    os.mkfifo(fifo)
    from ansum import config as config_mod

    def feed():
        try:
            with open(fifo, "wb") as fh:
                fh.write(comment)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(config_mod.ConfigError, match="larger than"):
        config_mod._read(fifo)
    writer.join(10)


def test_special_files_as_models_toml_are_named(tmp_path, kremlin_path, monkeypatch):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for name, needle in (("fifo", "is a FIFO"), ("loop", "symlink loop"),
                         ("missing", "not found")):
        monkeypatch.setenv("ANSUM_MODELS", str(tmp_path / name))
        start = time.perf_counter()
        assert_one_line_error(run("-p", "extractive", str(kremlin_path)), 6, needle)
        assert time.perf_counter() - start < 5  # a FIFO with no writer never blocks


# --- item 9: config strings on a terminal ---------------------------------------------------

HOSTILE_NAME = "evil\x1b]52;c;aGVsbG8=\x07\x1b[31m\u202e\U000e0041\u206a\ufff9\u200dx"


def _hostile_toml(tmp_path: Path) -> Path:
    def q(s: str) -> str:
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}"
                             for c in s) + '"'

    return write(tmp_path / "models.toml",
                 f'[models.{q(HOSTILE_NAME)}]\ntask = "summarize"\nbackend = "extractive"\n'
                 f'family = "extractive"\nrepo = {q("a" + HOSTILE_NAME)}\n'
                 f'license = {q("MIT" + HOSTILE_NAME)}\n\n'
                 f'[profiles.{q("p" + HOSTILE_NAME)}]\nsummarizer = {q(HOSTILE_NAME)}\n')


def test_models_list_shows_config_strings_sanitized(tmp_path):
    toml = _hostile_toml(tmp_path)
    result = CliRunner().invoke(cli.app, ["models", "list", "--models", str(toml)])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("evil"))
    assert not INVISIBLE.search(result.stdout), ascii(line)
    assert line.split("\t")[0] == "evilx" and "pevilx" in line and "MITevilx" in line


def test_models_list_table_sanitizes_config_strings(tmp_path):
    toml = _hostile_toml(tmp_path)
    rc, text, stderr = ansum_on_a_pty("models", "list", "--models", str(toml),
                                      columns=200, env={"NO_COLOR": "1"})
    assert rc == 0, stderr
    assert "│" in text and "evilx" in text
    assert not INVISIBLE.search(text), ascii(text[:2000])


def test_config_strings_in_errors_and_log_messages_are_sanitized(tmp_path, kremlin_path):
    result = run("-p", HOSTILE_NAME, str(kremlin_path))
    line = assert_one_line_error(result, 6, "unknown profile")
    assert "\x1b" not in line and "\x07" not in line
    from ansum.cli.common import log_progress_to_stderr

    log_progress_to_stderr()
    handler = logging.getLogger("ansum.backends.ct2_convert").handlers[0]
    record = logging.LogRecord("x", logging.INFO, "", 0, "converting %s", (HOSTILE_NAME,),
                               None)
    shown = handler.format(record)
    assert shown == "ansum: converting evilx" and not INVISIBLE.search(shown)


def test_stdout_gets_every_byte_unbuffered_and_a_full_disk_is_exit_3(shared_data, tmp_path):
    import subprocess
    import sys

    day = shared_data / "days" / "2018-04-14.jsonl"
    cmd = [sys.executable, "-m", "ansum", "brief", "-p", "extractive", "--no-cache", "-f", "json",
           str(day)]
    want = subprocess.run(cmd, capture_output=True, timeout=120).stdout
    assert len(want) > 150_000  # several pipe buffers
    # A slow reader fills the pipe: a text stream on an unbuffered fd loses partial writes.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    got = subprocess.run(["sh", "-c", '"$@" | (sleep 1; cat)', "sh", *cmd], env=env,
                         capture_output=True, timeout=120).stdout
    assert len(got) == len(want)
    assert json.loads(got)["stories"] == json.loads(want)["stories"]
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            res = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, timeout=120)
        assert res.returncode == 3
        assert b"cannot write to standard output: No space left" in res.stderr
        assert b"Traceback" not in res.stderr


def test_sigterm_removes_temporary_files_and_writes_nothing(shared_data, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "brief.md"
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    day = shared_data / "days" / "2018-04-14.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "ansum", "brief", "-p", "extractive",
                             "--no-cache", "-o", str(out), str(day), str(day)],
                            stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while not any((tmp_path / "tmp").iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the spool folder exists
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert b"ansum: terminated" in stderr and b"Traceback" not in stderr
    assert not out.exists() and not any((tmp_path / "tmp").iterdir())
