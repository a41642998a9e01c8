"""Writing the product: stdout (encoding checked) or ``--out`` (checked, atomic)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ansum.errors import ConfigError, InputError


def same_file(a: Path, b: str) -> bool:
    try:
        return b != "-" and a.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout and flush.

    Raises:
        ConfigError: stdout's encoding cannot hold the text (e.g. PYTHONIOENCODING=ascii);
            nothing of ``text`` is written then, since it is encoded before writing.
    """
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        raise ConfigError(
            f"standard output uses the encoding {sys.stdout.encoding!r}, "
            "which cannot hold the brief's text",
            "use a UTF-8 locale or PYTHONIOENCODING=utf-8, or write to a file with --out",
        ) from None
    sys.stdout.flush()


def check_out(out: Path, files: list[str]) -> None:
    """Refuse an ``--out`` that is an input (under any spelling or link) or unwritable.

    Raises:
        InputError: naming the problem, before any article is read.
    """
    for f in files:
        if same_file(out, f):
            raise InputError(f"--out {out} is also an input file; refusing to overwrite it",
                             "choose another output path")
    if out.is_dir():
        raise InputError(f"--out {out} is a directory", "give a file path")
    folder = out.resolve().parent
    if not folder.is_dir():
        raise InputError(f"--out {out}: folder {folder} does not exist", "create it first")
    if not os.access(folder, os.W_OK):
        raise InputError(f"--out {out}: folder {folder} is not writable",
                         "choose a folder you can write to")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    A symlink is followed: its target is replaced, the link kept.  On any failure
    (including Ctrl-C) the temporary file is removed and ``path`` is untouched.

    Raises:
        InputError: the file cannot be written (permissions, disk full, …).
    """
    import tempfile

    target = path.resolve()
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
    import stat

    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
