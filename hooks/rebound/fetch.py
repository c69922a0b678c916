"""Fetching feeds: the only code in Rebound that touches the network.

Built on httpcore's public network-backend interface (`httpcore.NetworkBackend`), which is where
two of our rules belong:

- a **total deadline**: every connect, read and write of a request is given at most what is left
  of it, so a server that trickles one header line or one body byte a second is stopped on time
  (a per-read timeout alone restarts with every byte), and no thread is left blocked after it;
- **public addresses only**: a host is resolved once, every address it resolves to must be public,
  and the connection goes to an address that was checked (no second lookup to rebind). Loopback is
  allowed only when the caller says so (`FetchSettings.allow_loopback`: the tests' local server).

Redirects are followed by hand (at most five), each hop checked like the first. The body is read in
small pieces and decompressed here, so the size cap applies to what it inflates to (a gzip bomb
stops at the cap). ``Cache-Control: max-age`` and ``Retry-After`` come back as durations for the
cache to record as the next allowed fetch. Failures are `FetchError`s with the HTTP status and a
reason code, not text to be parsed.
"""
from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

if TYPE_CHECKING:
    import httpcore

ALLOWED_SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 16 * 1024
# A Retry-After or max-age longer than this is read as this: a mistaken header must not freeze a feed.
LONGEST_WAIT = timedelta(days=1)
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, text/calendar, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
)

# Why a fetch failed, as a code callers branch on, and the text maintainers read in the build log.
MESSAGES = {
    "status": "HTTP {status}",
    "deadline": "timed out (total deadline)",
    "connect-timeout": "timed out connecting",
    "read-timeout": "timed out waiting for the server",
    "body-timeout": "timed out reading the body",
    "tls": "TLS failed: the certificate is not trusted or the handshake broke",
    "dns": "DNS lookup failed",
    "refused": "connection refused",
    "connection": "connection failed",
    "private-address": "refused: {detail} is a private, loopback or link-local address",
    "not-http": "not an http(s) address: {detail}",
    "redirects": "more than {detail} redirects",
    "too-large": "body larger than {detail} bytes",
    "truncated": "truncated body (connection closed early)",
    "undecodable": "body could not be decompressed",
    "empty": "empty body",
}


@dataclass(eq=False)
class FetchError(Exception):
    """A fetch that gave no usable body: ``reason`` is a key of `MESSAGES`; ``str(error)`` is for people."""

    reason: str
    url: str
    status: int | None = None
    detail: str = ""
    retry_after: timedelta | None = None  # how long the server asked us to wait (429, 503)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        text = MESSAGES[self.reason].format(status=self.status, detail=self.detail)
        return f"{text} {self.detail}".rstrip() if self.reason == "status" else text


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one request. ``deadline`` is the whole request, redirects and body included."""

    user_agent: str = "Rebound/0.1"
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    deadline: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    ca_bundle: str | None = None  # a CA file to trust instead of certifi's (tests, company proxies)
    allow_loopback: bool = False  # 127.0.0.0/8 and ::1 may be fetched: tests and benchmarks only


@dataclass(frozen=True)
class FetchResult:
    """What the server answered. ``body`` is None for a 304 Not Modified."""

    url: str
    status: int
    body: bytes | None
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    max_age: timedelta | None = None  # Cache-Control: max-age, capped at LONGEST_WAIT

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
    import httpcore  # imported on first use: offline builds never load the HTTP stack

    deadline = time.monotonic() + settings.deadline
    if stop_at is not None:
        deadline = min(deadline, stop_at)
    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    guarded_backend, _ = _backend_classes()
    backend = guarded_backend(deadline, allow_loopback=settings.allow_loopback)
    with httpcore.ConnectionPool(ssl_context=_ssl_context(settings.ca_bundle), network_backend=backend) as pool:
        for _hop in range(settings.max_redirects + 1):
            url = _checked_url(url)
            timeouts = {"connect": settings.connect_timeout, "read": settings.read_timeout,
                        "write": settings.read_timeout, "pool": settings.deadline}
            try:
                with pool.stream("GET", url, headers=headers, extensions={"timeout": timeouts}) as response:
                    answer = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers}
                    if response.status in REDIRECTS and answer.get("location"):
                        url = urljoin(url, answer["location"])
                        continue
                    if response.status == 304:
                        return FetchResult(url, 304, None, etag=etag, last_modified=last_modified,
                                           max_age=_max_age(answer))
                    if response.status != 200:
                        reason = response.extensions.get("reason_phrase", b"").decode("latin-1")
                        retry = _retry_after(answer) if response.status in (429, 503) else None
                        raise FetchError("status", url, status=response.status, detail=reason, retry_after=retry)
                    body = _read_body(response, answer, url, settings.max_bytes)
                    return FetchResult(url=url, status=200, body=body, content_type=answer.get("content-type", ""),
                                       etag=answer.get("etag"), last_modified=answer.get("last-modified"),
                                       max_age=_max_age(answer))
            except FetchError as exc:
                exc.url = url   # raised while connecting, where only the host is known
                raise
            except httpcore.TimeoutException as exc:
                raise _timeout(exc, url, deadline) from exc
            except httpcore.NetworkError as exc:
                raise _network_failure(exc, url) from exc
            except httpcore.ProtocolError as exc:
                raise FetchError("truncated", url) from exc
            except httpcore.UnsupportedProtocol as exc:
                raise FetchError("not-http", url, detail=url[:200]) from exc
    raise FetchError("redirects", url, detail=str(settings.max_redirects))


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


def is_public_address(address: str, *, allow_loopback: bool = False) -> bool:
    """Whether an IP address may be fetched: a global one, or loopback when ``allow_loopback``."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])   # an IPv6 zone (fe80::1%eth0) is link-local anyway
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global or (allow_loopback and ip.is_loopback)


def _checked_url(url: str) -> str:
    """``url`` if it is http(s) with a host, in the ASCII form the HTTP library needs; else `FetchError`."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        host, port, parts = "", None, urlsplit("")
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not host:
        raise FetchError("not-http", url, detail=url[:200])
    if url.isascii():
        return url
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError("dns", url) from exc
    netloc = ascii_host if port is None else f"{ascii_host}:{port}"
    safe = "/:@!$&'()*+,;=%?#[]~-._"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe), quote(parts.query, safe=safe), ""))


@functools.cache
def _ssl_context(ca_bundle: str | None) -> ssl.SSLContext:
    import certifi

    return ssl.create_default_context(cafile=ca_bundle or certifi.where())


def _read_body(response: httpcore.Response, answer: dict[str, str], url: str, max_bytes: int) -> bytes:
    """The decompressed body; the size cap counts inflated bytes."""
    decoder = _decoder(answer.get("content-encoding", "").strip().lower(), url)
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_stream():
        for start in range(0, len(chunk), CHUNK):
            try:
                piece = decoder.decompress(chunk[start:start + CHUNK], max_bytes - size + 1) if decoder else chunk[start:start + CHUNK]
            except zlib.error as exc:
                raise FetchError("undecodable", url) from exc
            size += len(piece)
            if size > max_bytes or (decoder and decoder.unconsumed_tail):
                raise FetchError("too-large", url, detail=str(max_bytes))
            parts.append(piece)
    body = b"".join(parts)
    if not body.strip():
        raise FetchError("empty", url)
    return body


def _decoder(encoding: str, url: str) -> Any:
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS)
    raise FetchError("undecodable", url)


def _max_age(answer: dict[str, str]) -> timedelta | None:
    for directive in answer.get("cache-control", "").lower().split(","):
        name, _, value = directive.strip().partition("=")
        if name == "max-age" and value.strip().strip('"').isdigit():
            return min(timedelta(seconds=int(value.strip().strip('"'))), LONGEST_WAIT)
    return None


def _retry_after(answer: dict[str, str]) -> timedelta | None:
    value = answer.get("retry-after", "").strip()
    if value.isdigit():
        return min(timedelta(seconds=int(value)), LONGEST_WAIT)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(when - datetime.now(UTC), timedelta(0)), LONGEST_WAIT)


def _timeout(exc: Exception, url: str, deadline: float) -> FetchError:
    import httpcore

    if time.monotonic() >= deadline - 0.01:
        return FetchError("deadline", url)
    if isinstance(exc, httpcore.ConnectTimeout):
        return FetchError("connect-timeout", url)
    return FetchError("read-timeout", url)


def _network_failure(exc: Exception, url: str) -> FetchError:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ssl.SSLError):
        return FetchError("tls", url)
    if isinstance(cause, ConnectionRefusedError):
        return FetchError("refused", url)
    return FetchError("connection", url, detail=type(exc).__name__)


def _resolve(host: str, port: int, *, allow_loopback: bool) -> list[str]:
    """Every address ``host`` resolves to, all of them public (else `FetchError`)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError("dns", host) from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    # One private address among public ones is refused too: which one the connection uses is not ours to pick.
    for address in addresses:
        if not is_public_address(address, allow_loopback=allow_loopback):
            raise FetchError("private-address", host, detail=address if address == host else f"{host} ({address})")
    return addresses


@functools.cache
def _backend_classes() -> tuple[type, type]:
    """The network backend and stream classes, defined when httpcore is first imported (on first fetch)."""
    import httpcore

    class DeadlineStream(httpcore.NetworkStream):
        """A connection whose every read and write ends by the request's deadline."""

        def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
            self._stream = stream
            self._deadline = deadline

        def _cap(self, timeout: float | None) -> float:
            # At the deadline a read still gets a moment to fail as a timeout (which the caller
            # reports as the deadline), rather than a read with no timeout at all.
            left = max(0.001, self._deadline - time.monotonic())
            return left if timeout is None else min(timeout, left)

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self._stream.read(max_bytes, timeout=self._cap(timeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._stream.write(buffer, timeout=self._cap(timeout))

        def close(self) -> None:
            self._stream.close()

        def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                      timeout: float | None = None) -> httpcore.NetworkStream:
            secured = self._stream.start_tls(ssl_context, server_hostname=server_hostname, timeout=self._cap(timeout))
            return DeadlineStream(secured, self._deadline)

        def get_extra_info(self, info: str) -> Any:
            return self._stream.get_extra_info(info)

    class GuardedBackend(httpcore.NetworkBackend):
        """Connects only to checked public addresses, and hands out `DeadlineStream`s."""

        def __init__(self, deadline: float, *, allow_loopback: bool) -> None:
            self._inner = httpcore.SyncBackend()
            self._deadline = deadline
            self._allow_loopback = allow_loopback

        def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                        socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
            failure: Exception | None = None
            for address in _resolve(host, port, allow_loopback=self._allow_loopback):
                left = max(0.001, self._deadline - time.monotonic())
                try:
                    stream = self._inner.connect_tcp(address, port, timeout=left if timeout is None else min(timeout, left),
                                                     local_address=local_address, socket_options=socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    failure = exc   # the next address of the host may answer
                    continue
                return DeadlineStream(stream, self._deadline)
            assert failure is not None   # _resolve returns at least one address or raises
            raise failure

        def connect_unix_socket(self, path: str, timeout: float | None = None,
                                socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
            raise FetchError("not-http", path, detail=path)

        def sleep(self, seconds: float) -> None:
            time.sleep(seconds)

    return GuardedBackend, DeadlineStream
