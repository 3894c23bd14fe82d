"""Every request Newsroom makes to another host (imported pictures, polled feeds, webhooks, oEmbed) goes through
``request()``: one place owns the address guard, redirects, the deadline and the size cap.

The guard: only http and https, and unless the caller passes ``allow_private`` (from its own setting, e.g.
``NEWSROOM["IMPORT_ALLOW_PRIVATE_HOSTS"]``) every address the name resolves to must be public: global, not
multicast, and so is any IPv4 address carried inside an IPv6 one (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible
``::a.b.c.d``, SIIT ``::ffff:0:a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d``, 6to4 ``2002:aabb:ccdd::``, Teredo): a host can
otherwise reach the loopback or private network through an address that merely looks global.

The name is resolved once per hop and the connection goes to the addresses that were checked (pinned), while the
Host header and the TLS certificate check use the name: a DNS answer that changes between the check and the
connection (rebinding) reaches nothing new. Redirects are followed here, each hop checked and pinned the same way.

``timeout`` is one deadline for the whole request, every hop, connection, TLS handshake, send and read: each
socket wait is given only the time left, so a server dripping a byte at a time cannot hold a worker past it. The
name lookup itself is the system resolver's and waits as long as it does. ``max_bytes`` caps the body, announced or
received. No proxy is used: environment proxy variables would bypass the pinning.

Statuses: an answer whose status is in ``ok_statuses`` (2xx by default) is returned, body and all; any other
raises ``HTTPStatus``. A caller that wants a 304 as an answer (a conditional GET) adds it to ``ok_statuses``.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
import urllib.parse
from collections.abc import Collection, Container, Mapping
from dataclasses import dataclass
from email.message import Message

USER_AGENT = "Newsroom (+https://github.com/newsroom)"
SUCCESS = range(200, 300)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
TLS_CONTEXT = ssl.create_default_context()  # the system's trust store; certificates checked against the name
_CHUNK = 65536


class OutboundError(Exception):
    """A request that gave no usable answer; ``str()`` is a sentence for a person, without the address."""

    def __init__(self, message: str, *, url: str = ""):
        super().__init__(message)
        self.url = url  # the address this hop was for (after redirects, not always the one asked for)


class Refused(OutboundError):
    """Never sent: not http or https, not a valid address, or a private one. Final: retrying cannot help."""


class Unreachable(OutboundError):
    """The name did not resolve, the connection failed, or it broke before a whole answer arrived."""


class TimedOut(OutboundError):
    """The request's deadline passed."""


class TooLarge(OutboundError):
    """The body was, or was announced as, larger than the caller's cap."""


class WrongType(OutboundError):
    """The answer's Content-Type is none the caller asked for; its body was not read."""

    def __init__(self, message: str, *, url: str = "", content_type: str = ""):
        super().__init__(message, url=url)
        self.content_type = content_type


class HTTPStatus(OutboundError):
    """An answer whose status the caller did not accept (including a redirect past ``max_redirects``)."""

    def __init__(self, message: str, *, url: str = "", status: int, reason: str, headers: Message):
        super().__init__(message, url=url)
        self.status, self.reason, self.headers = status, reason, headers


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: Message  # case-insensitive .get(); .get_content_type()
    body: bytes
    url: str  # the address that answered, after any redirects


def request(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    data: bytes | None = None,
    timeout: float,
    max_bytes: int,
    allow_private: bool = False,
    max_redirects: int = 5,
    ok_statuses: Container[int] = SUCCESS,
    content_types: Collection[str] = (),
) -> Response:
    """One request behind the guard, answered with its whole body; raises an ``OutboundError`` otherwise.

    ``ok_statuses`` are the statuses answered (any other raises ``HTTPStatus``); ``content_types``, when given,
    are prefixes ("image/") one of which the answer's type must start with, checked before the body is read.
    ``max_redirects=0`` follows none: the 3xx is then answered or raised like any status."""
    deadline = time.monotonic() + timeout
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    target, hops = _Target.parse(url), 0
    while True:
        addresses = resolve(target.host, target.port, allow_private=allow_private, url=url)
        connection = _connection(target, addresses, deadline)
        try:
            connection.request(method, target.path, body=data, headers=sent)
            answer = connection.getresponse()
            location = answer.getheader("Location", "").strip()
            if answer.status in REDIRECTS and location and hops < max_redirects:
                url, previous, hops = urllib.parse.urljoin(url, location), target, hops + 1
                target = _Target.parse(url)
                cross_origin = target.origin != previous.origin
                method, data, sent = _redirected(answer.status, method, data, sent, cross_origin=cross_origin)
                continue
            if answer.status not in ok_statuses:
                after = f" (after {hops} redirects)" if answer.status in REDIRECTS and hops else ""
                message = f"the server answered {answer.status} {answer.reason}{after}"
                raise HTTPStatus(message, url=url, status=answer.status, reason=answer.reason, headers=answer.headers)
            _check_type(answer, url, content_types)
            return Response(answer.status, answer.reason, answer.headers, _read_capped(answer, url, max_bytes), url)
        except TimeoutError as exc:
            raise TimedOut(f"timed out after {timeout:g} s", url=url) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise Unreachable(f"unreachable ({str(exc) or type(exc).__name__})", url=url) from exc
        finally:
            connection.release()


# --- the guard ---


def resolve(host: str, port: int, *, allow_private: bool = False, url: str = "") -> list[tuple]:
    """The (family, type, proto, sockaddr) a request to ``host:port`` may connect to: one lookup, every answer
    checked. Raises ``Refused`` when any is private (one private answer is enough to rebind to), ``Unreachable``
    when the name does not resolve; ``url`` is what those errors name as the address asked for."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise Unreachable(f"unreachable (cannot resolve {host})", url=url) from exc
    infos = [info for info in infos if info[0] in {socket.AF_INET, socket.AF_INET6}]
    if not infos:
        raise Unreachable(f"unreachable (cannot resolve {host})", url=url)
    if not allow_private:
        for info in infos:
            if not is_public(ipaddress.ip_address(info[4][0].split("%")[0])):
                raise Refused(f"{host} is a private address; refused", url=url)
    return [(family, kind, proto, sockaddr) for family, kind, proto, _, sockaddr in infos]


# IPv6 ranges whose low 32 bits are an IPv4 address a packet may end up at: IPv4-compatible (deprecated, and
# "global" to the ipaddress module), IPv4-mapped, SIIT's IPv4-translated, and the well-known NAT64 prefix.
_LOW_32_BITS_IPV4 = [ipaddress.ip_network(n) for n in ("::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96")]


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Global and not multicast, and so is every IPv4 address it carries."""
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return True
    carried = [address.sixtofour, *(address.teredo or ())]
    if any(address in network for network in _LOW_32_BITS_IPV4):
        carried.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return all(v4.is_global and not v4.is_multicast for v4 in carried if v4 is not None)


# --- one hop ---

_PATH_SAFE = "/%:@!$&'()*+,;=~"  # what a path may hold unescaped; anything else (a space, é) is percent-encoded


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str = ""

    @classmethod
    def parse(cls, url: str) -> _Target:
        try:
            parts = urllib.parse.urlsplit(url)
            port, host = parts.port, parts.hostname or ""
            host = host if host.isascii() else host.encode("idna").decode("ascii")
        except (ValueError, UnicodeError) as exc:  # a bad port or IPv6 literal, an unencodable name
            raise Refused(f"not a valid address ({exc})", url=url) from None
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"} or not host:
            raise Refused("only http and https addresses are allowed", url=url)
        path = urllib.parse.quote(parts.path or "/", safe=_PATH_SAFE)
        if parts.query:
            path += "?" + urllib.parse.quote(parts.query, safe=_PATH_SAFE + "?")
        return cls(scheme, host, port or (443 if scheme == "https" else 80), path)

    @property
    def origin(self) -> tuple[str, str, int]:  # credentials may follow a redirect only within it
        return self.scheme, self.host, self.port


_BODY_HEADERS = {"content-type", "content-length", "content-encoding"}
_CREDENTIAL_HEADERS = {"authorization", "cookie", "proxy-authorization"}


def _redirected(status, method, data, headers, *, cross_origin: bool):
    """What the next hop sends: a 303 (and a 301/302 after a POST, as browsers do) becomes a bodiless GET;
    credentials stay with the origin they were meant for."""
    if (status == 303 and method != "HEAD") or (status in {301, 302} and method == "POST"):
        method, data = "GET", None
        headers = {name: value for name, value in headers.items() if name.lower() not in _BODY_HEADERS}
    if cross_origin:
        headers = {name: value for name, value in headers.items() if name.lower() not in _CREDENTIAL_HEADERS}
    return method, data, headers


def _check_type(answer, url: str, content_types: Collection[str]) -> None:
    content_type = answer.headers.get_content_type().lower()
    if content_types and not content_type.startswith(tuple(content_types)):
        message = f"the server sent {content_type}, not {' or '.join(content_types)}"
        raise WrongType(message, url=url, content_type=content_type)


def _read_capped(answer, url: str, limit: int) -> bytes:
    length = answer.getheader("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise TooLarge(f"larger than the {_size(limit)} limit", url=url)
    chunks, size = [], 0
    # read1 returns what has arrived (each wait bounded by the deadline, see _Deadline), never waits for a full chunk.
    while chunk := answer.read1(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"larger than the {_size(limit)} limit", url=url)
        chunks.append(chunk)
    # http.client ends quietly a body that stops short of its Content-Length: a cut picture or feed is not whole.
    if answer.length:
        raise Unreachable(f"unreachable (the answer broke off after {size} of {length} bytes)", url=url)
    return b"".join(chunks)


def _size(limit: int) -> str:
    if limit >= 1048576:
        return f"{round(limit / 1048576, 1):g} MB"
    return f"{round(limit / 1024, 1):g} KB" if limit >= 1024 else f"{limit} bytes"


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("the request's deadline passed")
    return remaining


def _connection(target: _Target, addresses: list[tuple], deadline: float) -> _Pinned:
    kind = _PinnedTLS if target.scheme == "https" else _Pinned
    return kind(target.host, target.port, addresses=addresses, deadline=deadline)


class _Pinned(http.client.HTTPConnection):
    """Speaks HTTP to the name but connects only to the addresses checked for it."""

    def __init__(self, host: str, port: int, *, addresses: list[tuple], deadline: float):
        super().__init__(host, port)
        self._addresses, self._deadline, self._socket = addresses, deadline, None

    def connect(self) -> None:
        self.sock = _Deadline(self._dial(), self._deadline)

    def _dial(self) -> socket.socket:
        failure: OSError | None = None
        for family, kind, proto, sockaddr in self._addresses:
            sock = socket.socket(family, kind, proto)
            self._socket = sock  # closed by release(), whatever happens next
            sock.settimeout(_remaining(self._deadline))
            try:
                sock.connect(sockaddr)
                return sock
            except TimeoutError:
                raise  # the deadline is spent: no time for the next address
            except OSError as exc:
                sock.close()
                failure = exc
        raise failure or OSError("no address to connect to")

    def release(self) -> None:
        """Close the socket: http.client's close() only drops its reference, an answer may still be read."""
        self.close()
        if self._socket is not None:
            self._socket.close()


class _PinnedTLS(_Pinned):
    default_port = 443

    def connect(self) -> None:
        sock = self._dial()
        sock.settimeout(_remaining(self._deadline))  # the whole handshake, not each of its reads
        self._socket = TLS_CONTEXT.wrap_socket(sock, server_hostname=self.host)  # SNI and certificate: the name
        self.sock = _Deadline(self._socket, self._deadline)


class _Deadline:
    """The socket as http.client sees it: every send and every receive may wait only until the deadline."""

    def __init__(self, sock: socket.socket, deadline: float):
        self._sock, self._deadline = sock, deadline

    def sendall(self, data) -> None:
        self._sock.settimeout(_remaining(self._deadline))  # sendall's timeout covers the whole send
        self._sock.sendall(data)

    def recv_into(self, buffer) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return self._sock.recv_into(buffer)

    def makefile(self, mode: str = "rb", **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        pass  # the connection's release() closes the real socket once the answer is read


class _Reader(io.RawIOBase):
    def __init__(self, sock: _Deadline):
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._sock.recv_into(buffer)
