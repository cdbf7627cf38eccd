"""Serve the store as a SPARQL 1.1 endpoint: the store folder in, a running Oxigraph server out.

The server is the ``oxigraph`` program from PyPI (package ``oxigraph``), run on the very folder
``kg build`` wrote: pyoxigraph and the server share one on-disk format, so nothing is exported.
Both must be of the same minor version (0.5 cannot read a 0.4 store read-only, 0.4 cannot read
0.5 at all), which :func:`server_program` checks.

An embedded store is a folder only one process may write. The server is read-only unless asked
otherwise; a read-only Oxigraph does not lock the folder, so this process holds the store's lock
while it serves: a ``kg build`` started meanwhile fails cleanly instead of writing under a
reader. Queries see the union of the article graphs as their default graph, as they do locally.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import pyoxigraph

from kg.errors import KgError, StoreError

DEFAULT_BIND = "127.0.0.1:7878"
_LISTENING = re.compile(r"Listening for requests at (?P<url>\S+)")
_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")
# The server's own words for a failure → what the user should do about it.
_HINTS = {
    "Address already in use": "another program listens on that port; choose another --bind",
    "Cannot assign requested address": "that address is not on this machine; check --bind",
    "Permission denied": "ports below 1024 need privileges; choose another --bind",
    "lock file": "the store is open in another process; stop it first",
    "unsupported format_version": "the store was written by a newer Oxigraph; upgrade oxigraph",
    "not possible to upgrade": "an older Oxigraph wrote the store; rebuild it with kg build",
}


class ServeError(KgError):
    """The server cannot be found or started."""

    exit_code = 5


def server_program() -> Path:
    """The ``oxigraph`` program next to this Python (or on PATH), of pyoxigraph's minor version."""
    scripts = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = str(scripts) if scripts.is_file() else shutil.which("oxigraph")
    if found is None:
        raise ServeError(
            "the oxigraph server is not installed; install it with "
            f"pip install 'oxigraph=={pyoxigraph.__version__}'"
        )
    out = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
    theirs = _VERSION.search(out.stdout)
    ours = _VERSION.search(pyoxigraph.__version__)
    if theirs is None or ours is None or theirs.groups()[:2] != ours.groups()[:2]:
        raise ServeError(
            f"{found} is '{out.stdout.strip()}' but the store is written by pyoxigraph "
            f"{pyoxigraph.__version__}; their on-disk formats differ: "
            f"pip install 'oxigraph=={pyoxigraph.__version__}'"
        )
    return Path(found)


def parse_bind(bind: str) -> tuple[str, int]:
    """``HOST:PORT``, ``[::1]:PORT`` or a bare port (on 127.0.0.1)."""
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeError(f"--bind '{bind}' is not HOST:PORT (e.g. 127.0.0.1:7878)")
    return host, int(port)


def lock_store(path: Path) -> int:
    """Take the store's lock (the one a writing pyoxigraph or server takes) and return its fd.

    Raises :class:`StoreError` when another process has the store open for writing.
    """
    if not (path / "CURRENT").is_file():
        raise StoreError(f"{path}: no store here; run `kg build` first (or check --out)")
    fd = os.open(path / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise StoreError(
            f"{path}: the store is open in another process (a kg build, kg serve or a notebook "
            "holding it); stop that process first: the server needs the store to itself"
        ) from exc
    return fd


@dataclass
class Server:
    """A running Oxigraph server; stop it with :meth:`stop` or use it as a context manager."""

    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:7878 — the query page
    store: Path
    read_only: bool
    _lock: int | None = None
    _log: deque[str] = field(default_factory=lambda: deque(maxlen=50))

    @property
    def query_url(self) -> str:
        """SPARQL 1.1 Protocol query endpoint (what ``kg query --endpoint`` takes)."""
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        """SPARQL 1.1 Graph Store HTTP Protocol endpoint."""
        return f"{self.url}/store"

    def wait(self) -> int:
        """Block until the server exits; its exit code."""
        code = self.process.wait()
        self._release()
        return code

    def serve_forever(self) -> int:
        """Block until the server exits, or until Ctrl-C or SIGTERM, which stop it."""
        previous = None
        if threading.current_thread() is threading.main_thread():

            def interrupt(signum: int, frame: object) -> None:
                raise KeyboardInterrupt

            previous = signal.signal(signal.SIGTERM, interrupt)
        try:
            return self.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach the server."""
        host = urllib.parse.urlsplit(self.url).hostname or ""
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"

    def stop(self, timeout: float = 10) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies, so a killed ``kg serve`` leaves no server."""
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(
    store: Path,
    *,
    bind: str = DEFAULT_BIND,
    allow_update: bool = False,
    create: bool = False,
    timeout_s: int | None = None,
    cors: bool = False,
    ready_timeout: float = 30,
) -> Server:
    """Start an Oxigraph server on the store folder ``store`` and wait until it listens.

    Read-only unless ``allow_update``; ``create`` lets an updatable server start on a missing
    folder (an empty store). ``timeout_s`` bounds each query.
    """
    host, port = parse_bind(bind)
    program = server_program()
    store = Path(store)
    if allow_update and create:
        store.mkdir(parents=True, exist_ok=True)
    fresh = allow_update and create and not (store / "CURRENT").exists()
    lock = None if fresh else lock_store(store)
    if lock is not None and allow_update:  # the writing server takes the lock itself
        os.close(lock)
        lock = None
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    cmd = [str(program), "serve" if allow_update else "serve-read-only"]
    cmd += ["--location", str(store), "--bind", address, "--union-default-graph"]
    if timeout_s:
        cmd += ["--timeout-s", str(timeout_s)]
    if cors:
        cmd.append("--cors")
    try:
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            preexec_fn=_die_with_parent,
        )
    except OSError as exc:
        if lock is not None:
            os.close(lock)
        raise ServeError(f"cannot run {program}: {exc}") from exc
    server = Server(process, f"http://{address}", store, not allow_update, lock)
    try:
        server.url = _await_ready(server, ready_timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _await_ready(server: Server, ready_timeout: float) -> str:
    """Read the server's stderr until it says where it listens; keep draining it afterwards."""
    ready = threading.Event()
    found: list[str] = []

    def drain() -> None:
        assert server.process.stderr is not None
        for line in server.process.stderr:
            server._log.append(line.rstrip())
            m = _LISTENING.search(line)
            if m and not ready.is_set():
                found.append(m.group("url").rstrip("/"))
                ready.set()
        ready.set()  # the server exited

    threading.Thread(target=drain, name="oxigraph-stderr", daemon=True).start()
    deadline = time.monotonic() + ready_timeout
    while not ready.wait(0.1):
        if time.monotonic() > deadline:
            raise ServeError(
                f"the server on {server.store} did not start listening within {ready_timeout:.0f} s"
            )
    if found:
        return found[0]
    server.process.wait()
    error = next((line for line in server._log if line.startswith("Error")), None)
    error = error or (server._log[0] if server._log else f"exit code {server.process.returncode}")
    hint = next((h for k, h in _HINTS.items() if k.lower() in error.lower()), "see the message")
    raise ServeError(f"the server on {server.store} did not start: {error.strip()}; {hint}")
