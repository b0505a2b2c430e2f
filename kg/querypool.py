"""Query processes for ``kg serve``: forked ahead, capped in memory, killed at the deadline.

Oxigraph cannot be interrupted from Python, so each query runs in a child process that the server
kills when the time limit passes. Children are forked once and reused (a fork per query cost a few
milliseconds and, with the graph in memory, more as the graph grows), each with an address-space
limit (``RLIMIT_AS``) so that one query cannot take the machine's memory. A query that has run past
``slow_after`` seconds moves to a lane of its own and is niced, so the ``lanes`` fast slots stay free
for the queries that take milliseconds; a niced child cannot be un-niced, so it is retired after.
A child is also retired when the graph it was forked with has been replaced (``generation``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import stat
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEADER = struct.Struct("!Q")
OUT_OF_MEMORY = 3  # a child's exit status after a MemoryError


def _exit_with(lifeline: int) -> None:
    """In a child: wait for the server's end of the lifeline to close, then leave at once."""
    with contextlib.suppress(OSError):
        os.read(lifeline, 1)
    os._exit(0)


class Busy(Exception):
    """No query slot came free in time, or too many requests already wait for one."""


class Died(Exception):
    """The query's process ended without answering (past its memory limit, most likely)."""


class Late(Exception):
    """The query ran past the deadline and its process was killed."""


@dataclass
class Child:
    pid: int
    send: int  # the child reads jobs from here
    receive: int  # and writes answers here
    generation: int


def _readable(fd: int, seconds: float) -> bool:
    """Whether ``fd`` has data (or its end) within ``seconds``; poll, as select cannot watch fds past 1023."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(max(0, int(seconds * 1000))))


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes | None:
    """``size`` bytes from ``fd``; None at end of file; Late past the deadline."""
    chunks: list[bytes] = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not _readable(fd, remaining):
                raise Late
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _close_inherited(keep: set[int]) -> None:
    """In a new child: close the sockets and pipes it inherited (clients', the listener, other children's).

    Another child's pipe held open here would keep that child alive after the server exits, and a
    client's socket held here would stay open after the server closed it.
    """
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return
    for name in os.listdir(fds):
        fd = int(name)
        if fd <= 2 or fd in keep:
            continue
        try:
            mode = os.fstat(fd).st_mode
        except OSError:
            continue
        if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
            os.close(fd)


def _vm_size() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS counts), 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Pool:
    """Runs ``work(job)`` in child processes with a deadline, a memory cap and a bounded wait.

    ``lanes`` queries run at once, plus up to ``lanes`` slow ones moved aside; ``queue`` more may wait
    for a slot, up to ``wait`` seconds each; beyond that ``Busy`` is raised at once, so a client is
    told to come back instead of hanging.
    """

    def __init__(self, work: Callable[[object], object], *, lanes: int = 4, queue: int = 256,
                 wait: float = 10.0, max_memory: int | None = 2 << 30, slow_after: float = 0.5,
                 generation: Callable[[], int] = lambda: 0) -> None:
        self.work = work
        self.queue = queue
        self.wait = wait
        self.max_memory = max_memory
        self.slow_after = slow_after
        self.generation = generation
        self._fast = threading.BoundedSemaphore(lanes)
        self._slow = threading.BoundedSemaphore(lanes)
        self._lock = threading.Lock()
        self._idle: list[Child] = []
        self._waiting = 0
        # Children watch this pipe and exit when it closes, that is when the server does, however it ends.
        self._lifeline, self._lifeline_w = os.pipe()
        for _ in range(lanes):
            self._idle.append(self._spawn())

    # ---------------------------------------------------------------- running one job
    def run(self, job: object, timeout: float | None) -> object:
        """The child's answer to ``job``; Late, Died or Busy when there is none."""
        if not self._fast.acquire(blocking=False):
            with self._lock:
                if self._waiting >= self.queue:
                    raise Busy
                self._waiting += 1
            try:
                got = self._fast.acquire(timeout=self.wait or None)
            finally:
                with self._lock:
                    self._waiting -= 1
            if not got:
                raise Busy
        lane = self._fast
        try:
            child = self._take()
        except OSError as exc:  # no fork: out of processes or memory
            lane.release()
            raise Died(f"no process could be started for the query ({exc.strerror or exc})") from exc
        keep = False
        try:
            deadline = time.monotonic() + timeout if timeout else None
            _write_all(child.send, pickle.dumps(job))
            first_wait = min(self.slow_after, timeout) if timeout else self.slow_after
            if self.slow_after and not _readable(child.receive, first_wait):
                lane = self._move_aside(child, lane)
            header = _read_exact(child.receive, HEADER.size, deadline)
            body = header and _read_exact(child.receive, HEADER.unpack(header)[0], deadline)
            if body is None:
                raise Died(self._exit_reason(child))
            keep = lane is self._fast
            return pickle.loads(body)
        except BrokenPipeError as exc:
            raise Died(self._exit_reason(child)) from exc
        finally:
            lane.release()
            self._give_back(child, keep)

    def _move_aside(self, child: Child, lane: threading.BoundedSemaphore) -> threading.BoundedSemaphore:
        """A query still running after ``slow_after``: free its fast slot for others if a slow one is free."""
        if not self._slow.acquire(blocking=False):
            return lane
        lane.release()
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, child.pid, 19)
        return self._slow

    # ---------------------------------------------------------------- children
    def _take(self) -> Child:
        current = self.generation()
        with self._lock:
            stale = [c for c in self._idle if c.generation != current]
            self._idle = [c for c in self._idle if c.generation == current]
            child = self._idle.pop() if self._idle else None
        for old in stale:
            self._retire(old)
        return child or self._spawn()

    def _give_back(self, child: Child, keep: bool) -> None:
        if keep and child.generation == self.generation():
            with self._lock:
                self._idle.append(child)
        else:
            self._retire(child)

    def _retire(self, child: Child) -> None:
        for fd in (child.send, child.receive):
            with contextlib.suppress(OSError):
                os.close(fd)
        if child.pid <= 0:  # already reaped
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child.pid, 0)
        child.pid = -1

    def _exit_reason(self, child: Child) -> str:
        try:
            pid, status = os.waitpid(child.pid, 0)
        except ChildProcessError:
            return "the query process ended without answering"
        if pid:
            child.pid = -1
        limit = f" of {self.max_memory >> 20} MiB" if self.max_memory else ""
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == OUT_OF_MEMORY:
            return f"the query went past the memory limit{limit}"
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT and self.max_memory:
            return f"the query went past the memory limit{limit}"  # how Rust ends when an allocation fails
        if os.WIFSIGNALED(status):
            return (f"the query process was stopped by signal {os.WTERMSIG(status)}, most likely past the "
                    f"memory limit{limit}")
        return f"the query process ended without answering (exit status {os.waitstatus_to_exitcode(status)})"

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            self._retire(child)
        with contextlib.suppress(OSError):
            os.close(self._lifeline_w)  # children still running a query exit now

    def _spawn(self) -> Child:
        jobs_r, jobs_w = os.pipe()
        answers_r, answers_w = os.pipe()
        generation = self.generation()
        pid = os.fork()
        if pid == 0:  # the child: serve jobs until the server closes the pipe, never return
            code = 0
            try:
                _close_inherited({jobs_r, answers_w, self._lifeline})
                threading.Thread(target=_exit_with, args=(self._lifeline,), daemon=True).start()
                self._serve(jobs_r, answers_w)
            except MemoryError:
                code = OUT_OF_MEMORY
            except BaseException:  # noqa: BLE001  nothing may propagate into the parent's code
                code = 1
            os._exit(code)
        os.close(jobs_r)
        os.close(answers_w)
        return Child(pid, jobs_w, answers_r, generation)

    def _serve(self, jobs: int, answers: int) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if self.max_memory:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = _vm_size() + self.max_memory
            if hard == resource.RLIM_INFINITY or limit < hard:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        while True:
            header = _read_exact(jobs, HEADER.size, None)
            body = header and _read_exact(jobs, HEADER.unpack(header)[0], None)
            if body is None:
                return
            _write_all(answers, pickle.dumps(self.work(pickle.loads(body))))  # MemoryError ends the child
