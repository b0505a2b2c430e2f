"""`kg serve` under load and abuse, on loopback: a full queue answers 503 at once, quick queries find a slot
while slow ones run, a query past its memory cap is stopped, and malformed, stalled or abandoned requests
get a status (or a closed socket), never a hung thread nor a traceback in the log.

How fast it stays is measured by ``benchmarks/serve_load.py``; these tests check what happens, not when.
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from test_server import KG, SLOW, _children, http

ASK = "ASK { ?s ?p ?o }"
# Sorting every row of a four-way cross product of the graph needs them all in memory at once.
HUNGRY = "SELECT ?a ?b ?c ?d WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?h ?i } ORDER BY ?a ?f"


@contextmanager
def logged_server(graph_file: Path, log: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`kg serve` with its log in a file, which the test reads after the server has stopped."""
    with log.open("w") as out:
        proc = subprocess.Popen([*KG, "serve", str(graph_file), "--port", "0", "--quiet", *options], stderr=out)
    try:
        deadline = time.monotonic() + 60
        while not (match := re.search(r"(http://127\.0\.0\.1:\d+/sparql)", log.read_text())):
            assert proc.poll() is None and time.monotonic() < deadline, f"kg serve did not start: {log.read_text()}"
            time.sleep(0.05)
        yield match.group(1), proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _stat(pid: str) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return ["X"] * 20


def wait_until(what: str, condition) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def running(pid: int) -> list[str]:
    return [c for c in _children(pid) if _stat(c)[0] == "R"]


def moved_aside(pid: int) -> list[str]:
    """Query processes niced as slow (field 19 of /proc/PID/stat: nice)."""
    return [c for c in _children(pid) if _stat(c)[16] == "19" and _stat(c)[0] not in ("Z", "X")]


def in_background(url: str, query: str) -> tuple[threading.Thread, list]:
    """Send the query from a thread; its answer (or the error) lands in the list."""
    answers: list = []

    def send() -> None:
        try:
            answers.append(http(url, query=query))
        except OSError as exc:  # the server went away meanwhile
            answers.append((type(exc).__name__, {}, b""))

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread, answers


def raw(url: str, request: bytes, *, close_after_send: bool = False) -> bytes:
    """Send bytes as they are and read until the server closes the connection."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as sock:
        sock.sendall(request)
        if close_after_send:
            return b""
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def post(path: str, headers: str, body: bytes = b"") -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n{headers}\r\n"
    return head.encode() + body


def test_malformed_stalled_and_abandoned_requests(graph_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with logged_server(graph_file, log, "--socket-timeout", "1", "--timeout", "3") as (url, _):
        path = urllib.parse.urlsplit(url).path
        for length in ("abc", "-1", "1e3", " "):
            answer = raw(url, post(path, f"Content-Length: {length}\r\n", b"ASK {}"))
            assert answer.startswith(b"HTTP/1.1 400 ") and b"is not a number of bytes" in answer, length
        answer = raw(url, post(path, "Content-Length: 6\r\nContent-Length: 7\r\n", b"ASK {}"))
        assert answer.startswith(b"HTTP/1.1 400 ")
        answer = raw(url, post(path, "Content-Length: 100\r\n", b"ASK {}"))  # the rest never comes
        assert answer.startswith(b"HTTP/1.1 408 ") and b"6 of the 100 bytes" in answer
        answer = raw(url, post(path, "Transfer-Encoding: chunked\r\n", b"6\r\nASK {}\r\n0\r\n\r\n"))
        assert answer.startswith(b"HTTP/1.1 411 ")
        assert raw(url, b"GET /sparql HTTP/1.1 and more\r\n\r\n").startswith(b"HTTP/1.1 400 ")
        assert raw(url, b"GET /sparql HTTP/1.1\r\nHost: x\r\n") == b""  # headers never finished: closed
        assert raw(url, b"") == b""  # an idle connection is closed after the socket timeout
        # Clients that go away: mid-request, and while their (slow) query runs.
        raw(url, b"GET /sparql?query=ASK", close_after_send=True)
        raw(url, f"GET {path}?{urllib.parse.urlencode({'query': SLOW})} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
            close_after_send=True)
        raw(url, post(path, "Content-Length: 6\r\n", b"ASK {}"), close_after_send=True)
        status, _, body = http(url, query=ASK)
        assert status == 200 and b"true" in body
        # By the time this one is stopped, the abandoned one was too, and its answer met a closed socket.
        status, _, body = http(url, query=SLOW)
        assert status == 503
    assert "Traceback" not in log.read_text(), log.read_text()


def test_a_full_queue_answers_503_with_retry_after_at_once(graph_file: Path, tmp_path: Path) -> None:
    with logged_server(graph_file, tmp_path / "log", "--workers", "1", "--queue", "0", "--timeout", "4") as (url, proc):
        first, answers = in_background(url, SLOW)
        wait_until("the first slow query moves aside", lambda: moved_aside(proc.pid))
        second, more = in_background(url, SLOW)
        wait_until("the second slow query runs", lambda: len(running(proc.pid)) >= 2)
        status, headers, body = http(url, query=ASK)  # the one fast slot is taken and no one may wait
        assert status == 503 and headers["Retry-After"] == "1" and b"busy" in body
        first.join(60)
        second.join(60)
        assert [a[0] for a in answers + more] == [503, 503]  # both stopped at the time limit
        assert b"time limit" in answers[0][2]
        status, _, _ = http(url, query=ASK)
        assert status == 200


def test_quick_queries_find_a_slot_while_four_slow_ones_run(graph_file: Path, tmp_path: Path) -> None:
    # --queue 0: a quick query that found no free slot would get 503 at once, so 200 shows it had one.
    with logged_server(graph_file, tmp_path / "log", "--workers", "4", "--queue", "0", "--timeout", "5") as (url, proc):
        slow = [in_background(url, SLOW) for _ in range(4)]
        wait_until("four slow queries run niced", lambda: len(moved_aside(proc.pid)) == 4)
        for _ in range(5):
            status, _, body = http(url, query=ASK)
            assert status == 200 and b"true" in body
        for thread, _ in slow:
            thread.join(60)
        assert [answers[0][0] for _, answers in slow] == [503] * 4


def test_a_query_past_its_memory_cap_is_stopped(graph_file: Path, tmp_path: Path) -> None:
    with logged_server(graph_file, tmp_path / "log", "--max-memory", "100", "--timeout", "60") as (url, proc):
        status, _, body = http(url, query=HUNGRY)
        assert status == 503 and b"memory limit of 100 MiB" in body
        status, _, _ = http(url, query=ASK)
        assert status == 200


def test_query_processes_end_with_the_server_even_mid_query(graph_file: Path, tmp_path: Path) -> None:
    with logged_server(graph_file, tmp_path / "log", "--timeout", "60") as (url, proc):
        thread, _ = in_background(url, SLOW)
        wait_until("the slow query runs", lambda: moved_aside(proc.pid))
        children = _children(proc.pid)
        proc.kill()  # SIGKILL: the server runs no cleanup at all
        proc.wait(timeout=10)
        wait_until("every query process has ended", lambda: all(_stat(c)[0] in ("Z", "X") for c in children))
        thread.join(60)
