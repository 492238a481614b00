"""Fetching a feed or page for the web app without letting a URL reach inside the network.

The server runs on someone's machine, often next to a router admin page, a
database or a cloud metadata endpoint.  A URL typed into the form must not be
a way to reach those, so every hop (the first request and each redirect) is
checked before it is made:

* only ``http``/``https``;
* the host name is resolved here and EVERY address it resolves to must be a
  public one (``ipaddress``: not loopback, private, link-local, shared,
  reserved, multicast or unspecified, IPv4-mapped IPv6 unwrapped first),
  unless ``allow_private`` is set;
* the request is then sent to the address that was checked (the URL's host
  is replaced by the IP, ``Host`` and the TLS server name keep the original
  name), so a DNS answer that changes between the check and the connection
  (DNS rebinding) cannot redirect it;
* redirects are followed by hand, at most :data:`MAX_REDIRECTS`, each target
  checked the same way;
* connect/read timeouts and a size limit on the body, read as a stream.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from .. import __version__

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: host name, port -> the addresses the name resolves to (as text)
Resolver = Callable[[str, int], Sequence[str]]

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
#: The whole fetch, redirects included, must finish within this many seconds.
TOTAL_SECONDS = 60.0
_USER_AGENT = f"newsfuse/{__version__} (+local briefing tool)"


# Ranges that are not public but that Python's ``ipaddress`` does not flag on every supported
# version (3.11 calls both global): deprecated IPv6 site-local addresses (RFC 3879), which some
# networks still route internally, and the IETF protocol assignments block (RFC 6890), which
# holds NAT64 discovery and DS-Lite addresses.
_NOT_PUBLIC_NETWORKS: tuple[tuple[str, ipaddress.IPv4Network | ipaddress.IPv6Network], ...] = (
    ("site-local", ipaddress.IPv6Network("fec0::/10")),
    ("non-public", ipaddress.IPv4Network("192.0.0.0/24")),
)


class UrlRefusedError(ValueError):
    """The URL may not be fetched (scheme, address, size, status ...); the message says why."""


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UrlRefusedError(f"cannot resolve host {host!r} ({exc.strerror})") from exc
    return [str(info[4][0]) for info in infos]


def address_problem(address: IPAddress) -> str | None:
    """Why this address is not a public one, or ``None`` when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address (mapped, 6to4, Teredo) are judged by the address they carry.
        inner = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if inner is not None:
            address = inner
    # Order matters only for the wording: the most specific reason first.
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    )
    for name, hit in checks:
        if hit:
            return f"{name} address"
    for name, network in _NOT_PUBLIC_NETWORKS:
        if address.version == network.version and address in network:
            return f"{name} address"
    if not address.is_global:
        return "non-public address"  # e.g. 100.64.0.0/10 shared (carrier-grade NAT) space
    return None


def check_addresses(host: str, addresses: Sequence[str], allow_private: bool) -> IPAddress:
    """The address to connect to, after checking every address ``host`` resolved to."""
    if not addresses:
        raise UrlRefusedError(f"host {host!r} resolved to no address")
    parsed: list[IPAddress] = []
    for text in addresses:
        try:
            parsed.append(ipaddress.ip_address(text.split("%", 1)[0]))  # drop an IPv6 zone id
        except ValueError as exc:
            raise UrlRefusedError(f"host {host!r} resolved to an invalid address {text!r}") from exc
    if not allow_private:
        for address in parsed:
            problem = address_problem(address)
            if problem is not None:
                raise UrlRefusedError(
                    f"refusing {host!r}: it resolves to {address}, a {problem} "
                    "(start the server with --allow-private-urls to allow this)"
                )
    return parsed[0]


@dataclass(frozen=True)
class FetchedDocument:
    url: str
    content_type: str
    data: bytes


class UrlFetcher:
    """Fetch one URL under the rules in the module docstring."""

    def __init__(
        self,
        allow_private: bool = False,
        resolver: Resolver = system_resolver,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.transport = transport
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects

    def _pinned_request(self, client: httpx.Client, url: httpx.URL) -> httpx.Request:
        if url.scheme not in ("http", "https"):
            raise UrlRefusedError(f"only http and https URLs can be fetched, not {url.scheme or 'no scheme'!r}")
        host = url.host
        if not host:
            raise UrlRefusedError("the URL has no host")
        port = url.port or (443 if url.scheme == "https" else 80)
        address = check_addresses(host, self.resolver(host, port), self.allow_private)
        pinned = url.copy_with(host=str(address))
        headers = {"Host": url.netloc.decode("ascii"), "User-Agent": _USER_AGENT}
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        return client.build_request("GET", pinned, headers=headers, extensions=extensions)

    def fetch(self, url: str) -> FetchedDocument:
        try:
            current = httpx.URL(url.strip())
        except httpx.InvalidURL as exc:
            raise UrlRefusedError(f"not a valid URL ({exc})") from exc
        # trust_env=False: proxy variables must not route the checked, pinned request anywhere else.
        deadline = time.monotonic() + TOTAL_SECONDS
        with httpx.Client(
            transport=self.transport, timeout=self.timeout, follow_redirects=False, trust_env=False
        ) as client:
            for _hop in range(self.max_redirects + 1):
                request = self._pinned_request(client, current)
                try:
                    response = client.send(request, stream=True)
                except httpx.HTTPError as exc:
                    raise UrlRefusedError(f"cannot fetch {current} ({type(exc).__name__}: {exc})") from exc
                try:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = current.join(location)
                        continue
                    if response.status_code >= 400:
                        raise UrlRefusedError(f"{current} answered HTTP {response.status_code}")
                    data = self._read_limited(response, current, deadline)
                    content_type = response.headers.get("content-type", "")
                    return FetchedDocument(url=str(current), content_type=content_type, data=data)
                finally:
                    response.close()
        raise UrlRefusedError(f"more than {self.max_redirects} redirects")

    def _read_limited(self, response: httpx.Response, url: httpx.URL, deadline: float) -> bytes:
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            raise UrlRefusedError(f"{url} is too large ({declared} bytes > {self.max_bytes})")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise UrlRefusedError(f"{url} is larger than the {self.max_bytes}-byte limit")
                if time.monotonic() > deadline:
                    # a server trickling one byte at a time would otherwise hold a worker for hours
                    raise UrlRefusedError(f"{url} took longer than {TOTAL_SECONDS:g} s to send")
                chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise UrlRefusedError(f"cannot read {url} ({type(exc).__name__}: {exc})") from exc
        return b"".join(chunks)
