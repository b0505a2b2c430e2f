"""A graph file or a store directory served from an in-memory copy that is read again when it changes
on disk, so ``kg build --store`` can write to the store while ``kg serve`` answers from it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .queryresults import Results, Term
from .querysources import LocalSource, open_source
from .querytext import QueryError
from .store import in_memory, last_change


class Followed:
    """A graph file or store served from memory, read again when it changes on disk.

    A store directory (``kg build --store``) is copied into memory, where queries run about twice as
    fast, and is open only while it is copied, so ``kg build --store DIR`` can add articles while
    ``kg serve DIR`` answers. A graph file is loaded into memory anyway. Once the file or store has
    been quiet for one polling interval after a change, it is read again and the new copy takes
    over; until then queries see the previous state, never a half-written one.
    """

    def __init__(self, location: str | Path, *, poll: float = 2.0, log: Callable[[str], None] | None = None,
                 allow_service: Iterable[str] = ()) -> None:
        self.path = Path(location)
        self.name = str(location)
        self.allow_service = frozenset(allow_service)
        self.generation = 0  # counts the copies read; query processes forked from an older one retire
        self._log = log or (lambda message: None)
        self.version = self._version()
        self.source = self._read()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, args=(poll,), name="follow", daemon=True)
        self._thread.start()

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *,
            max_rows: int | None = None, deadline: float | None = None) -> Results:
        return self.source.run(query, bindings, max_rows=max_rows, deadline=deadline)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def _version(self) -> object:
        """What changes when the graph does: the store's change marker, or the file's inode and time."""
        if self.path.is_dir():
            return last_change(self.path)
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_ino, info.st_mtime_ns, info.st_size

    def _read(self) -> LocalSource:
        started = time.monotonic()
        source = open_source(self.path)  # a file is parsed into memory; a store is opened read-only
        assert isinstance(source, LocalSource)
        if self.path.is_dir():
            source = LocalSource(in_memory(source.store), self.name)  # and closed again here
        source.allow_service = self.allow_service
        self._log(f"{self.path}: {len(source.store):,} quads in memory in {time.monotonic() - started:.1f} s")
        return source

    def _follow(self, poll: float) -> None:
        seen = self.version
        while not self._stop.wait(poll):
            now = self._version()
            if now == self.version or now != seen:  # unchanged, or changed since the last look: wait
                seen = now
                continue
            try:
                self.source = self._read()
                self.generation += 1
                self.version = now
            except (QueryError, OSError) as exc:
                self._log(f"{self.path}: cannot read it again ({exc}); serving the previous state")
