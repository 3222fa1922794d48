"""Slow and idle clients: connections that trickle in a request never keep ordinary requests waiting.

Waitress's defaults let 100 connections that each send one header line every
few seconds fill its connection limit, and an ordinary request then waited until
they closed. The server ``python -m searchui`` runs (``searchui.serving``) keeps
many more connections and closes one whose request has not arrived in time.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask

from searchui import serving

from support import live_server

SLOW_CLIENTS = 250
#: How often each slow client sends another header line, in seconds.
DRIP_SECONDS = 2.0
#: Not a timing assertion: an ordinary request not answered in this time has waited for the slow ones.
ANSWERED_WITHIN = 5.0


@contextmanager
def slow_clients(port: int, count: int) -> Iterator[list[socket.socket]]:
    """``count`` connections that each start a request and then send one header line every 2 s."""
    clients = [socket.create_connection(("127.0.0.1", port), timeout=ANSWERED_WITHIN) for _ in range(count)]
    stop = threading.Event()

    def drip() -> None:
        line = 0
        while not stop.is_set():
            for client in clients:
                try:
                    client.sendall(f"X-Langsam-{line}: {'x' * 20}\r\n".encode())
                except OSError:
                    pass  # closed by the server
            line += 1
            stop.wait(DRIP_SECONDS)

    for client in clients:
        client.sendall(b"GET /api/search?q=upphandling HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    dripping = threading.Thread(target=drip, daemon=True)
    dripping.start()
    try:
        yield clients
    finally:
        stop.set()
        dripping.join()
        for client in clients:
            client.close()


def closed_by_server(client: socket.socket) -> bool:
    """Whether the server has closed the connection (it reads as ended, or reset)."""
    client.settimeout(0.1)
    try:
        return client.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def test_an_ordinary_request_is_answered_while_250_slow_clients_are_connected(app: Flask) -> None:
    with live_server(app) as url, slow_clients(int(url.rsplit(":", 1)[1]), SLOW_CLIENTS):
        time.sleep(DRIP_SECONDS)  # every slow client connected and sending
        started = time.perf_counter()
        with urllib.request.urlopen(f"{url}/api/search?q=upphandling", timeout=ANSWERED_WITHIN) as response:
            assert response.status == 200
        seconds = time.perf_counter() - started
    print(f"answered in {seconds * 1000:.0f} ms beside {SLOW_CLIENTS} slow clients")


def test_a_request_that_does_not_arrive_in_time_is_closed(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "REQUEST_SECONDS", 1)
    with live_server(app) as url, slow_clients(int(url.rsplit(":", 1)[1]), 5) as clients:
        deadline = time.monotonic() + serving.REQUEST_SECONDS + 2 * serving.CHECK_SECONDS + 3
        while not all(closed_by_server(client) for client in clients) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert all(closed_by_server(client) for client in clients)


def test_the_server_is_tuned_for_many_connections() -> None:
    with serving.listening_socket("127.0.0.1", 0) as sock:
        server = serving.create_server(Flask(__name__), sock, threads=1)
        try:
            assert server.adj.connection_limit >= 4 * SLOW_CLIENTS
            assert server.adj.asyncore_use_poll and server.adj.channel_timeout <= 60
        finally:
            server.close()
