"""Fetching feeds: the only code in Rebound that touches the network.

Every request has a connect timeout, a read timeout and a total deadline; the body is read in
small pieces so the deadline also stops a server that trickles one byte at a time, and the
*decompressed* size is capped so a gzip bomb cannot fill memory. Redirects are followed by hand
(at most five) so each hop is checked to be http or https.
"""
from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import requests
    import urllib3

ALLOWED_SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 16 * 1024
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, text/calendar, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
)


class FetchError(Exception):
    """A fetch that gave no usable body; ``str(error)`` is the reason shown to maintainers."""


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one request. ``deadline`` is the whole request, redirects and body included."""

    user_agent: str = "Rebound/0.1"
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    deadline: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    ca_bundle: str | None = None  # a CA file to trust instead of the system's (tests, company proxies)


@dataclass(frozen=True)
class FetchResult:
    """What the server answered. ``body`` is None for a 304 Not Modified."""

    url: str
    status: int
    body: bytes | None
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch_feed(
    url: str,
    *,
    settings: FetchSettings,
    etag: str | None = None,
    last_modified: str | None = None,
    stop_at: float | None = None,
) -> FetchResult:
    """GET ``url`` within the limits; raise `FetchError` for anything but a 200 or 304 feed body."""
    import requests  # imported on first use: offline builds never load the HTTP stack
    deadline = time.monotonic() + settings.deadline
    if stop_at is not None:
        deadline = min(deadline, stop_at)
    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with requests.Session() as session:
        # Proxies and .netrc from the environment would change where a feed is fetched from.
        session.trust_env = False
        session.verify = settings.ca_bundle or True
        for adapter in session.adapters.values():
            adapter.poolmanager.pool_classes_by_scheme = _watched_pool_classes()  # type: ignore[attr-defined]
        _opened.sockets = []
        try:
            return _follow(session, url, headers, settings, deadline, etag, last_modified)
        finally:
            _opened.sockets = []


def _follow(
    session: requests.Session,
    url: str,
    headers: dict[str, str],
    settings: FetchSettings,
    deadline: float,
    etag: str | None,
    last_modified: str | None,
) -> FetchResult:
    for _hop in range(settings.max_redirects + 1):
        _check_scheme(url)
        response = _request(session, url, headers, settings, deadline)
        with response:
            if response.status_code in REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code == 304:
                return FetchResult(url, 304, None, etag=etag, last_modified=last_modified)
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".rstrip())
            body = _read_body(response, settings, deadline)
            return FetchResult(
                url=url,
                status=200,
                body=body,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
    raise FetchError(f"more than {settings.max_redirects} redirects")


def network_answers(urls: Sequence[str], *, timeout: float = 2.0) -> bool:
    """True when a TCP connection opens to one of the first few hosts of ``urls`` within ``timeout`` s.

    How `make site` tells a machine with network from one without, before it spends its budget:
    without network a build starts at once from the cache. Daemon threads, because a DNS lookup
    can outlast any timeout we set and must not keep the build waiting or alive.
    """
    targets = []
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname:
            targets.append((parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)))
    answered = threading.Event()

    def probe(host: str, port: int) -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                answered.set()
        except OSError:
            pass  # refused, unreachable or no such name: another host may still answer

    for host, port in list(dict.fromkeys(targets))[:3]:
        threading.Thread(target=probe, args=(host, port), name=f"probe-{host}", daemon=True).start()
    return answered.wait(timeout)


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise FetchError(f"not an http(s) address: {url[:200]}")


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("timed out (total deadline)")
    return left


def _request(
    session: requests.Session, url: str, headers: dict[str, str], settings: FetchSettings, deadline: float
) -> requests.Response:
    import requests

    left = _remaining(deadline)
    timeout = (min(settings.connect_timeout, left), min(settings.read_timeout, left))
    # The read timeout restarts with every recv, so a server sending one header line a second
    # would hold the request (and its thread) for ever: at the deadline a watchdog shuts the
    # request's sockets, which wakes the blocked read. The body has its own checks (_read_body).
    watchdog = threading.Timer(left, _shut_sockets, args=(_opened.sockets,))
    watchdog.daemon = True
    watchdog.start()
    try:
        return session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
    except requests.exceptions.RequestException as exc:
        if time.monotonic() >= deadline:
            raise FetchError("timed out (total deadline)") from exc
        raise _describe(exc) from exc
    finally:
        watchdog.cancel()


def _describe(exc: requests.exceptions.RequestException) -> FetchError:
    import requests

    if isinstance(exc, requests.exceptions.SSLError):
        return FetchError("TLS failed: the certificate is not trusted or the handshake broke")
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FetchError("timed out connecting")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return FetchError("timed out waiting for the server")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return FetchError(_connection_reason(exc))
    return FetchError(f"request failed: {type(exc).__name__}")


# The sockets the current thread's fetch has opened (see _watched_pool_classes).
_opened = threading.local()


def _shut_sockets(sockets: list[socket.socket]) -> None:
    for sock in list(sockets):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed


@functools.cache
def _watched_pool_classes() -> dict[str, type]:
    """urllib3 connection pools whose connections record their socket in ``_opened`` when they connect."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def record(sock: socket.socket | None) -> None:
        if sock is not None and hasattr(_opened, "sockets"):
            _opened.sockets.append(sock)

    class WatchedHTTPConnection(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            record(self.sock)

    class WatchedHTTPSConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            record(self.sock)

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

    return {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}


def _connection_reason(exc: Exception) -> str:
    text = str(exc)
    if "Name or service not known" in text or "NameResolutionError" in text or "getaddrinfo" in text:
        return "DNS lookup failed"
    if "Connection refused" in text:
        return "connection refused"
    return "connection failed"


def _read_body(response: requests.Response, settings: FetchSettings, deadline: float) -> bytes:
    """Read the decompressed body in small pieces, checking the deadline and size cap between them."""
    import urllib3
    raw = response.raw
    sock = _socket_of(raw)
    parts: list[bytes] = []
    size = 0
    while True:
        left = _remaining(deadline)
        if sock is not None:
            # A read timeout alone restarts with every byte; capping it by what is left of the
            # deadline means a read never outlives the request, so no thread is left hanging.
            sock.settimeout(max(0.01, min(settings.read_timeout, left)))
        try:
            piece = raw.read1(CHUNK, decode_content=True)
        except (TimeoutError, socket.timeout, urllib3.exceptions.ReadTimeoutError) as exc:
            raise FetchError("timed out reading the body") from exc
        except urllib3.exceptions.ProtocolError as exc:
            raise FetchError("truncated body (connection closed early)") from exc
        except urllib3.exceptions.DecodeError as exc:
            raise FetchError("body could not be decompressed") from exc
        except (OSError, urllib3.exceptions.HTTPError) as exc:
            raise FetchError(f"error reading the body: {type(exc).__name__}") from exc
        if not piece:
            if raw.length_remaining:
                raise FetchError("truncated body (connection closed early)")
            break
        size += len(piece)
        if size > settings.max_bytes:
            raise FetchError(f"body larger than {settings.max_bytes} bytes")
        parts.append(piece)
    body = b"".join(parts)
    if not body.strip():
        raise FetchError("empty body")
    return body


def _socket_of(raw: urllib3.HTTPResponse) -> socket.socket | None:
    connection = getattr(raw, "_connection", None) or getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    return sock if isinstance(sock, socket.socket) else None
