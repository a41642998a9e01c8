"""Run ansum in a child process whose stdout is a pseudo-terminal, for tests of what a
terminal receives (tables, colour, sanitized strings)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys


def ansum_on_a_pty(*args: str, columns: int, env: dict[str, str] | None = None,
                   timeout: float = 60) -> tuple[int, str, str]:
    """Run ``python -m ansum ARGS`` with stdout on a pseudo-terminal ``columns`` cells
    wide (stderr piped).

    Returns (exit status, what the terminal got with ``\\r\\n`` turned into ``\\n``,
    stderr).  ``env`` adds to this process's environment.  Raises
    subprocess.TimeoutExpired after ``timeout`` seconds.
    """
    leader, follower = pty.openpty()
    full_env = dict(os.environ, COLUMNS=str(columns), **(env or {}))
    try:
        proc = subprocess.run([sys.executable, "-m", "ansum", *args], stdout=follower,
                              stderr=subprocess.PIPE, env=full_env, timeout=timeout)
    finally:
        os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child's side is closed and everything was read
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return proc.returncode, out.decode().replace("\r\n", "\n"), proc.stderr.decode()
