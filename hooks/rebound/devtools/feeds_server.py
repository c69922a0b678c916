"""The one loopback HTTP server of the tests, the benchmarks, the screenshots and the audit.

Each route is one fixture case (a feed with real headers, delays and failures); a built site can be
served beside the routes, from a folder under a base path, gzip-encoded and with its 404 page, the
way a static host serves it. Every request and response is recorded for tests to read.
"""
from __future__ import annotations

import gzip
import mimetypes
import socket
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rebound.devtools.project import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "feeds"
RSS = "application/rss+xml; charset=utf-8"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics", ".map", ".webmanifest"}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Route:
    """How the server answers one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = RSS
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0                 # before the status line
    trickle: float = 0.0               # seconds between single bytes of the body
    etag: str | None = None            # answer 304 when If-None-Match matches
    declared_length: int | None = None  # a Content-Length that lies (truncated body)
    header_trickle: float = 0.0        # seconds between header lines, sent without end (for a minute)


@dataclass
class FeedServer:
    """Routes by path, an optional folder served under ``base_path``, and the requests it has seen (path, headers)."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    directory: Path | None = None
    base_path: str = "/"
    served: list[tuple[str, int, int]] = field(default_factory=list)  # files sent: (path, bytes as sent, status)
    port: int = 0
    scheme: str = "http"
    in_flight: int = 0
    most_in_flight: int = 0  # how many requests were being answered at the same moment, at most
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            server.requests.append((self.path, {k: v for k, v in self.headers.items()}))
            route = server.routes.get(self.path)
            if route is None and server.directory is not None:
                self._send_file_for(urlsplit(self.path).path)
                return
            if route is None:
                self._send(404, b"no such fixture", "text/plain")
                return
            if route.header_trickle:
                self._trickle_headers(route.header_trickle)
                return
            if route.delay:
                server.enter()
                time.sleep(route.delay)
                server.leave()
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
            self._send(route.status, route.body, route.content_type, headers, route.trickle, route.declared_length)

        def _trickle_headers(self, pause: float) -> None:
            # A status line, then one more header line every `pause` seconds: each read by the
            # client gets a few bytes, so a per-read timeout alone never fires.
            self.close_connection = True
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                until = time.monotonic() + 60
                number = 0
                while time.monotonic() < until:
                    number += 1
                    self.wfile.write(f"X-Trickle-{number}: still coming\r\n".encode())
                    self.wfile.flush()
                    time.sleep(pause)
            except OSError:
                pass  # the client gave up, as it should

        def _send_file_for(self, path: str) -> None:
            # As a static host does: the folder under base_path, a folder's index.html, "/" added to
            # a folder's address, the site's own 404.html for anything else.
            assert server.directory is not None
            root = server.directory.resolve()
            base = server.base_path
            if base != "/" and path in {"/", base.rstrip("/")}:
                self._send(301, b"", "text/plain", {"Location": base})
                return
            local = root / unquote(path[len(base):]) if path.startswith(base) else None
            if local is not None and local.is_dir():
                if not path.endswith("/"):
                    self._send(301, b"", "text/plain", {"Location": path + "/"})
                    return
                local = local / "index.html"
            status = 200
            if local is None or not local.resolve().is_relative_to(root) or not local.is_file():
                local, status = root / "404.html", 404
            body = local.read_bytes() if local.is_file() else b"Not found"
            headers = {"Cache-Control": "max-age=600", "Vary": "Accept-Encoding"}
            if local.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, compresslevel=6, mtime=0)
                headers["Content-Encoding"] = "gzip"
            content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            server.served.append((path, len(body), status))   # before sending: a client that has the answer sees it listed
            self._send(status, body, content_type, headers)

        def _send(self, status, body, content_type, headers=None, trickle=0.0, declared=None) -> None:  # noqa: ANN001
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(declared if declared is not None else len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                if trickle:
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(trickle)
                else:
                    self.wfile.write(body)
            except OSError:
                pass  # the client gave up, as it should
            if declared is not None:
                self.close_connection = True

    return Handler


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) drops connections when a test opens a dozen at once; the
    # client then retries after about a second, which hits the tests' 1 s connect timeout.
    request_queue_size = 64

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        # A client that hangs up (a test's timeout, a browser closing a page) is part of the tests;
        # anything else is still printed, as socketserver does.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(routes: dict[str, Route] | None = None, *, tls: ssl.SSLContext | None = None,
          directory: Path | None = None, base_path: str = "/") -> Iterator[FeedServer]:
    """Run a threaded server on a free port of 127.0.0.1 for the duration of the block (HTTPS with ``tls``).

    With ``directory``, paths no route claims are files of that folder, served under ``base_path``.
    """
    state = FeedServer(routes=dict(routes or {}), scheme="https" if tls else "http",
                       directory=Path(directory) if directory else None, base_path=base_path)
    httpd = _Server(("127.0.0.1", 0), _handler(state))
    if tls:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections (kernel backlog) but never answers a byte."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def gzip_bomb(inflated: int) -> bytes:
    """A small gzip body that inflates to ``inflated`` bytes of a feed-looking prefix and zeros."""
    return gzip.compress(b"<?xml version='1.0'?><rss version='2.0'><channel>" + b" " * inflated, compresslevel=9)


