"""Faults `make loadtest` can inject mid-run: the database away, Redis paused.

The PostgreSQL server and the Redis on this machine serve everyone's tests, so neither
is stopped or paused itself:

- `--stop-database N`: the web and queue processes reach PostgreSQL through
  `DatabaseSwitch`, a TCP relay on loopback. Stopping it closes every connection and
  refuses new ones for N seconds, which is what a stopped (or restarting) server looks
  like to a client; then it relays again.
- `--pause-redis N`: the run gets a redis-server of its own, and `CLIENT PAUSE` stops it
  answering anyone for N seconds (connections stay open, commands wait), as on a Redis
  that stalls.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time


class DatabaseSwitch:
    """A TCP relay from 127.0.0.1:`port` to `target` that can be switched off for a while."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._lock = threading.Lock()
        self._on = threading.Event()

    def start(self) -> int:
        """Listen on a free port (kept across stops); returns it."""
        self._listen()
        self.port = self._listener.getsockname()[1]
        return self.port

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        self._on.set()
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while self._on.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by stop()
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            pair = (client, server)
            with self._lock:
                self._pairs.add(pair)
            threading.Thread(target=self._relay, args=(pair,), daemon=True).start()

    def _relay(self, pair: tuple[socket.socket, socket.socket]) -> None:
        client, server = pair
        other = {client: server, server: client}
        try:
            while True:
                readable, _, _ = select.select([client, server], [], [], 1.0)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    other[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            with self._lock:
                self._pairs.discard(pair)
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.close()

    def stop_for(self, seconds: float) -> None:
        """Refuse connections and drop the open ones for `seconds`, then relay again."""
        self._on.clear()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        time.sleep(seconds)
        self._listen()

    def close(self) -> None:
        """Stop relaying for good."""
        self._on.clear()
        if self._listener:
            with contextlib.suppress(OSError):
                self._listener.close()


def pause_redis(url: str, seconds: float) -> None:
    """CLIENT PAUSE the Redis at `url` (every command of every client) for `seconds`."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.client_pause(int(seconds * 1000), all=True)
    finally:
        client.close()
