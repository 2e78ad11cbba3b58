"""Atomic file writes: a temporary file in the same folder, then a rename.

A write that is killed leaves its temporary file (``.NAME.xxxx.tmp``); the next write of the same
file removes those older than :data:`STALE`, so nothing piles up.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path

from kg.errors import KGInputError


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``; return ``path``.

    Missing parent folders are made; an OS error becomes :class:`~kg.errors.KGInputError`, and
    no temporary file is left behind. A target that exists but is not a regular file (a device such
    as ``/dev/full``, a named pipe, a folder) is refused: it is never replaced by a file.

    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = atomic_write(Path(tmp) / "new" / "out.txt", b"hello")
    ...     print(target.read_bytes(), [p.name for p in target.parent.iterdir()])
    b'hello' ['out.txt']
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        # A device, pipe or folder is not replaced by a file: writing "over" /dev/full must fail, not succeed.
        kind = "folder" if path.is_dir() else "device, pipe or socket"
        raise KGInputError(f"{path}: is a {kind}, not a file to write (use -o - for standard output)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise KGInputError(f"{path}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a normal file honours the umask
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise KGInputError(f"{path}: cannot write: {err.strerror or err}") from None
        raise
    return path


STALE = 600      # seconds after which a temporary file of a write is a killed write's, not a running one's


def _remove_stale(path: Path) -> None:
    """Remove the temporary files that killed writes of ``path`` left behind (older than ``STALE``)."""
    now = time.time()
    for old in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - old.stat().st_mtime > STALE:
                old.unlink()
        except OSError:
            pass        # another run removed it first, or it is not ours to remove


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
