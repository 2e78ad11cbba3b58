"""Caches: results kept on disk between runs, trusted only when they verify.

A cache file is keyed by :func:`kg.store.files.fingerprint` (the data files and the library's code).
It is used only when

- the cache folder and the file belong to the user running ``kg`` and nobody else can write them
  (a pickle runs code when loaded, so a cache someone else could write is never opened);
- its header names this format and the SHA-256 of its content, and the content matches it (a
  truncated, emptied or edited file does not); and, for a pickle, what it holds passes the check
  its reader gives (the type expected, not empty).

Anything else is removed and rebuilt, so a bad cache costs one rebuild, never a wrong answer.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store_pickle(folder / "x.pickle", {"a": 1})
>>> load_pickle(folder / "x.pickle", lambda v: isinstance(v, dict))
{'a': 1}
>>> (folder / "x.pickle").write_bytes(b"KGCACHE1 0000\\n" + b"garbage") > 0
True
>>> load_pickle(folder / "x.pickle", lambda v: isinstance(v, dict)) is None, (folder / "x.pickle").exists()
(True, False)
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable

from kg.errors import KGInputError

MAGIC = b"KGCACHE1"


def store_pickle(path: Path, value) -> None:
    """Write ``value`` pickled to ``path`` with a verifiable header; an unwritable cache only costs speed."""
    store_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path, check: Callable[[object], bool]):
    """Return the value a verified pickle cache at ``path`` holds, or None (and remove the file) when it
    is missing, unsafe, corrupt, or fails ``check`` (the reader's test of what it must be)."""
    payload = load_bytes(path)
    if payload is None:
        return None
    try:
        value = pickle.loads(payload)
    except Exception:
        value = None
    if value is None or not check(value):
        path.unlink(missing_ok=True)
        return None
    return value


def store_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` atomically, after a header with its SHA-256."""
    from kg.io.atomic import atomic_write
    header = MAGIC + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    try:
        atomic_write(path, header + payload)
    except KGInputError:
        pass


def load_bytes(path: Path) -> bytes | None:
    """Return the verified content of the cache file ``path``, or None (removing a bad file)."""
    if not path.is_file():
        return None
    if not _safe(path):
        return None         # not ours to trust, and not ours to remove
    data = path.read_bytes()
    header, _, payload = data.partition(b"\n")
    parts = header.split(b" ")
    if len(parts) != 2 or parts[0] != MAGIC or hashlib.sha256(payload).hexdigest().encode() != parts[1]:
        path.unlink(missing_ok=True)
        return None
    return payload


def _safe(path: Path) -> bool:
    """Whether ``path`` and its folder belong to this user and only this user can write them."""
    if not hasattr(os, "getuid"):
        return True
    for node in (path.parent, path):
        info = node.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
    return True
