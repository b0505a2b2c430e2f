"""Write outputs through a temporary file and a rename, so a crash never leaves half a file."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _target_mode(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file (mkstemp would give 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _temporary(path: Path) -> tuple[int, str]:
    """A temporary sibling of ``path``; an OSError here names the file the user asked for."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write {path}: {exc.strerror or exc}", str(path)) from exc


def check_writable(path: str | Path) -> None:
    """Fail now, before long work, if ``path`` could not be written later."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, f"cannot write {path}: it is a folder", str(path))
    fd, tmp = _temporary(path)
    os.close(fd)
    os.unlink(tmp)


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary sibling of ``path``; it replaces ``path`` only if the block succeeds."""
    path = Path(path)
    fd, tmp = _temporary(path)
    binary = "b" in mode
    try:
        os.fchmod(fd, _target_mode(path))
        with os.fdopen(fd, mode, encoding=None if binary else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | Path, data: str | bytes) -> None:
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
