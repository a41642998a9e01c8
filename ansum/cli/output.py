"""Writing the product: stdout (encoding checked) or ``--out`` (checked, atomic).

What ``--out`` accepts: a path that does not exist yet (its folder must), or an
existing regular file: both are written through a temporary file and a rename, so
a failure leaves the old file whole.  A FIFO or a character device (``/dev/null``,
``/dev/stderr``, a terminal) is written into as a shell ``>`` would, never replaced.
Refused (exit 3): an input of the run under any spelling (a symlink, a hard link,
or standard input redirected from it), a folder, a socket, a block device, a
symlink loop, an unwritable folder.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from ansum.errors import ConfigError, InputError


def same_file(a: Path, b: str) -> bool:
    """True when path ``a`` and input ``b`` are one file ("-": standard input's file)."""
    try:
        if b == "-":  # only a regular file can be lost by writing the brief over it
            st = os.stat(a)
            return stat.S_ISREG(st.st_mode) and _is_stdin(st)
        return a.exists() and os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _is_stdin(st: os.stat_result) -> bool:
    """True when fd 0 (standard input) is the file ``st`` describes."""
    try:
        fd = sys.stdin.fileno() if sys.stdin is not None else 0
        sin = os.fstat(fd)
    except (OSError, ValueError, AttributeError):
        return False  # no real stdin (e.g. under a test runner): nothing to compare
    return (sin.st_dev, sin.st_ino) == (st.st_dev, st.st_ino)


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout, all of it, and flush.

    When stdout is a real file descriptor the encoded bytes are written with
    ``os.write`` in a loop: a text stream on an unbuffered descriptor
    (``PYTHONUNBUFFERED=1``, ``python -u``) drops the rest of a partial write to a pipe.

    Raises:
        ConfigError: stdout's encoding cannot hold the text (e.g. PYTHONIOENCODING=ascii);
            nothing of ``text`` is written then, since it is encoded before writing.
        InputError: stdout cannot be written (disk full, I/O error): exit 3.
        BrokenPipeError: the reader closed the pipe (the caller exits 141).
    """
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        raise ConfigError(
            f"standard output uses the encoding {encoding!r}, "
            "which cannot hold the brief's text",
            "use a UTF-8 locale or PYTHONIOENCODING=utf-8, or write to a file with --out",
        ) from None
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        fd = None  # an in-memory stream (tests, embedding): it takes every character
    try:
        if fd is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        sys.stdout.flush()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise InputError(f"cannot write to standard output: {exc.strerror or exc}",
                         "check the free space of where stdout goes, or use --out") from None


def _stat(out: Path) -> os.stat_result | None:
    """``os.stat`` of ``out`` (links followed), None when it does not exist.

    Raises:
        InputError: a symlink loop, or another error than "does not exist".
    """
    try:
        return os.stat(out)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"--out {out} is a symlink loop", "give a file path") from None
        if exc.errno == errno.ENOTDIR:
            raise InputError(f"--out {out}: a folder in the path is a file",
                             "give a file path") from None
        raise InputError(f"--out {out}: {exc.strerror or exc}", "give a file path") from None


def check_out(out: Path, files: list[str]) -> None:
    """Refuse an ``--out`` that is an input (under any spelling or link), or that
    cannot be written (see the module docstring for what is accepted).

    Args:
        out: the ``--out`` path.
        files: the run's inputs; "-" is standard input, compared by device and inode.

    Raises:
        InputError: naming the problem, before any article is read.
    """
    st = _stat(out)
    for f in files:
        if st is not None and same_file(out, f):
            shown = "standard input" if f == "-" else "an input file"
            raise InputError(f"--out {out} is also {shown}; refusing to overwrite it",
                             "choose another output path")
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"--out {out} is a directory", "give a file path")
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
            raise InputError(f"--out {out} is {_kind(st.st_mode)}, not a file",
                             "give a file path, a FIFO or a character device")
        if not os.access(out, os.W_OK):
            raise InputError(f"--out {out} is not writable", "choose a path you can write to")
        return
    try:
        folder = out.resolve().parent
    except (OSError, RuntimeError):  # RuntimeError: Python < 3.13 on a symlink loop
        raise InputError(f"--out {out} is a symlink loop", "give a file path") from None
    if not folder.is_dir():
        raise InputError(f"--out {out}: folder {folder} does not exist", "create it first")
    if not os.access(folder, os.W_OK):
        raise InputError(f"--out {out}: folder {folder} is not writable",
                         "choose a folder you can write to")


def _kind(mode: int) -> str:
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def write_out(path: Path, text: str) -> None:
    """Write ``text`` to ``--out`` ``path``: into a FIFO or character device as a shell
    ``>`` would, else atomically (:func:`write_atomic`).

    Raises:
        InputError: the path cannot be written (permissions, disk full, a socket …).
    """
    st = _stat(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        if _write_into(path, text):
            return
    write_atomic(path, text)


def _write_into(path: Path, text: str) -> bool:
    """Write into an existing FIFO or character device; False when ``path`` turned
    out to be a regular file once opened (then nothing was written)."""
    data = text.encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot write --out {path}: {exc.strerror or exc}",
                         "check the path and its permissions") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            return False  # replaced by a file since the check: write it atomically
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise InputError(f"--out {path} is {_kind(mode)}, not a file", "give a file path")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise InputError(f"cannot write --out {path}: {exc.strerror or exc}",
                         "check the device and free space") from None
    finally:
        os.close(fd)
    return True


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    A symlink is followed: its target is replaced, the link kept.  On any failure
    (including Ctrl-C) the temporary file is removed and ``path`` is untouched.
    Only for a regular file or a path that does not exist (see :func:`write_out`).

    Raises:
        InputError: the file cannot be written (permissions, disk full, a symlink loop …).
    """
    import tempfile

    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        raise InputError(f"--out {path} is a symlink loop", "give a file path") from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        # mkstemp creates mode 600: give the file the mode a plain write would give it
        # (the existing file's mode, else 666 minus the umask)
        os.fchmod(fd, _output_mode(target))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write --out {path}: {exc.strerror or exc}",
                             "check the folder's permissions and free space") from None
        raise


def _output_mode(target: Path) -> int:
    """Permission bits for ``target``: its current ones, else 0o666 minus the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
