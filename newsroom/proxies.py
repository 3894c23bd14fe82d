"""The proxies in front (Varnish, a load balancer, a CDN's edges): whose forwarded headers count, and who the reader is.

``TRUSTED_PROXIES`` lists them (addresses and networks; loopback by default, for the shipped Varnish on the same
machine). A request whose peer (``REMOTE_ADDR``) is not one of them came straight from whoever sent it: its
``X-Forwarded-*`` headers are its own to forge, and ``ForwardedHeadersMiddleware`` (first in MIDDLEWARE, before
SecurityMiddleware reads the scheme) drops them before anything else reads them.

Behind the proxies, ``client_ip`` reads ``X-Forwarded-For`` from the right: each proxy appends the address it was
connected from, so the rightmost address that is not a trusted proxy is the one the nearest untrusted hop, the
reader, came from. Whatever stands to its left was written by someone nobody vouches for (a reader can send
``X-Forwarded-For: 6.6.6.6`` to a CDN, which keeps it and appends the real address). A fixed count of hops
(ipware's ``proxy_count``) or a positional list of them (its ``proxy_trusted_ips``) would pick the wrong entry for
a request that reached the load balancer without the CDN, and neither checks the peer itself; so the walk is ours
and the parsing of each entry (ports, brackets, IPv4-mapped IPv6) is python-ipware's, the engine of django-ipware.

One function for everything that keys on an address: login throttling (axes' AXES_CLIENT_IP_CALLABLE), the API's
rate limits, the Most read beacon's limits.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from python_ipware.modern.parsers import parse_ip

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# What a reader talking to us directly may not tell us: its address, its scheme, its host or port (Django reads
# the last two only when told to, but nothing behind us should either).
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


def parse_networks(entries) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES``' entries as networks (an address is a network of one); ValueError names a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an address or a network (CIDR)") from None
    return tuple(networks)


@lru_cache(maxsize=4)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def is_trusted_proxy(address: str | Address | None) -> bool:
    ip = parse_ip(address) if isinstance(address, str) else address
    if ip is None:
        return False
    return any(ip.version == network.version and ip in network for network in _networks(_configured()))


def from_trusted_proxy(request) -> bool:
    """Whether the request's peer is one of the proxies in front (so its forwarded headers are theirs)."""
    return is_trusted_proxy(request.META.get("REMOTE_ADDR"))


def client_ip(request) -> str | None:
    """The reader's own address: the peer when it is not a trusted proxy; behind them, the rightmost address in
    X-Forwarded-For that is not one. An entry a trusted proxy could not name (``unknown``) stops the walk at that
    proxy: what stands left of it cannot be vouched for."""
    peer = request.META.get("REMOTE_ADDR") or None
    if not is_trusted_proxy(peer):
        return peer
    client: Address | None = parse_ip(peer)
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = parse_ip(entry)
        if hop is None:
            break
        client = hop
        if not is_trusted_proxy(hop):
            break
    return str(client) if client is not None else peer


class ForwardedHeadersMiddleware:
    """First in MIDDLEWARE: forwarded headers from a peer that is not a trusted proxy are dropped, so
    ``request.scheme`` (SECURE_PROXY_SSL_HEADER, set only when there are trusted proxies), absolute URLs, the
    Content-Security-Policy built from them and every address check see only what the proxies said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for name in FORWARDED_HEADERS:
                request.META.pop(name, None)
        return self.get_response(request)


def _configured() -> tuple[str, ...]:
    return tuple(getattr(settings, "TRUSTED_PROXIES", ()))
