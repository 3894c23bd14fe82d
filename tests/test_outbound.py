"""The outbound client: what it refuses to reach, where it connects, and how it ends requests that go wrong.

Local servers run on 127.0.0.1 (so the tests pass ``allow_private=True`` or count that address as public); the
public addresses below are never really reached: the connection to them is stubbed."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsroom import outbound

PUBLIC = "93.184.215.14"  # a global address; connections to it are stubbed, nothing leaves the machine
STOPPED = threading.Event()  # set when a test ends, so dripping answers stop at once


class Handler(BaseHTTPRequestHandler):
    requests: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.requests.append((self.command, self.path, dict(self.headers), b""))
        route = getattr(self, "route_" + self.path.strip("/").split("?")[0].split("/")[0], None)
        if route:
            return route()
        self.answer(404, b"not here")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Handler.requests.append((self.command, self.path, dict(self.headers), body))
        if self.path.startswith("/see-other"):
            return self.redirect(303, "/ok")
        self.answer(200, b"posted")

    def answer(self, status, body, content_type="text/plain", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, status, location):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_ok(self):
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.answer(200, b"hello", ETag='"v1"')

    def route_page(self):
        self.answer(200, b"<html>login</html>", content_type="text/html")

    def route_busy(self):
        self.answer(503, b"busy", Retry_After="120")

    def route_to(self):  # /to?LOCATION
        self.redirect(302, self.path.partition("?")[2])

    def route_loop(self):
        self.redirect(302, "/loop")

    def route_big(self):
        self.answer(200, b"x" * 1000)

    def route_short(self):  # announces more than it sends, then hangs up
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"x" * 10)

    def route_unannounced(self):  # no Content-Length: the body ends when the connection closes
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"x" * 1000)

    def route_drip(self):
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.drip(b"x")

    def route_drip_headers(self):
        self.wfile.write(b"HTTP/1.0 200 OK\r\n")
        self.drip(b"X-Padding: x\r\n")

    def route_silent(self):
        STOPPED.wait(10)

    def drip(self, piece):
        """A piece every 0.02 s for 3 s: should the deadline not hold, the request fails otherwise, not hangs."""
        try:
            for _ in range(150):
                if STOPPED.wait(0.02):
                    return
                self.wfile.write(piece)
                self.wfile.flush()
        except OSError:
            pass


@pytest.fixture
def server():
    Handler.requests = []
    STOPPED.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    yield httpd.server_address[1]
    STOPPED.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket connects to; connecting to PUBLIC fails as a dead host would."""
    made, real_connect = [], socket.socket.connect

    def connect(sock, address):
        made.append(address[0])
        if address[0] == PUBLIC:
            raise ConnectionRefusedError("(test) the public host is down")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return made


def names(monkeypatch, *answers):
    """Make the resolver answer each lookup with the next address (the last one repeating); returns the lookups."""
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        address = answers[min(len(lookups), len(answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def get(url, **options):
    return outbound.request("GET", url, **{"timeout": 2, "max_bytes": 10_000, **options})


# --- what is refused ---


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.0.0.7",
        "169.254.169.254",  # the cloud metadata service
        "[::1]",
        "[fe80::1]",
        "[::127.0.0.1]",  # IPv4-compatible
        "[::ffff:127.0.0.1]",  # IPv4-mapped
        "[::ffff:0:7f00:1]",  # SIIT IPv4-translated
        "[64:ff9b::7f00:1]",  # NAT64
        "[64:ff9b::a00:7]",
        "[2002:7f00:1::]",  # 6to4
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, carrying 127.0.0.1
        "[ff0e::1]",  # multicast
    ],
)
def test_private_addresses_however_they_are_written_are_refused_before_anything_is_sent(host, connections):
    with pytest.raises(outbound.Refused, match="is a private address; refused"):
        get(f"http://{host}/admin")

    assert connections == []


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "64:ff9b::808:808", "::ffff:8.8.8.8"])
def test_public_addresses_including_a_public_ipv4_inside_ipv6_pass_the_check(address):
    assert [info[3][0] for info in outbound.resolve(address, 80)] == [address]


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *args, **kwargs: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 80)),
        ],
    )

    with pytest.raises(outbound.Refused, match="news.example is a private address"):
        get("http://news.example/")


@pytest.mark.parametrize("url", ["ftp://news.example/a.jpg", "file:///etc/passwd", "gopher://news.example/"])
def test_only_http_and_https_are_requested(url, connections):
    with pytest.raises(outbound.Refused, match="only http and https"):
        get(url)

    assert connections == []


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    public = outbound.is_public
    # The test server counts as public; where it redirects (the private network) does not.
    monkeypatch.setattr(outbound, "is_public", lambda address: str(address) == "127.0.0.1" or public(address))

    with pytest.raises(outbound.Refused, match="10.0.0.7 is a private address; refused") as refused:
        get(f"http://127.0.0.1:{server}/to?http://10.0.0.7/admin")

    assert refused.value.url == "http://10.0.0.7/admin"


def test_a_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(outbound.Refused, match="only http and https"):
        get(f"http://127.0.0.1:{server}/to?file:///etc/passwd", allow_private=True)


# --- where it connects ---


def test_a_name_rebinding_to_loopback_after_the_check_is_never_fetched_from_loopback(server, monkeypatch, connections):
    lookups = names(monkeypatch, PUBLIC, "127.0.0.1")  # public when checked, loopback on any later lookup

    with pytest.raises(outbound.Unreachable, match="the public host is down"):
        get(f"http://rebind.example:{server}/ok")

    assert lookups == ["rebind.example"]  # looked up once...
    assert connections == [PUBLIC]  # ...and connected to the address that was checked
    assert Handler.requests == []


def test_the_request_goes_to_the_checked_address_speaking_the_name(server, monkeypatch, connections):
    lookups = names(monkeypatch, "127.0.0.1", "10.255.255.1")

    response = get(f"http://news.example:{server}/ok", allow_private=True)

    assert response.body == b"hello"
    assert lookups == ["news.example"] and connections == ["127.0.0.1"]
    assert Handler.requests[0][2]["Host"] == f"news.example:{server}"


def test_https_checks_the_certificate_for_the_name_while_connecting_to_the_checked_address(server, monkeypatch):
    names(monkeypatch, "127.0.0.1")
    checked_for = []

    class PlainContext:  # records what TLS would verify, and lets the local plain-HTTP server answer
        def wrap_socket(self, sock, server_hostname):
            checked_for.append(server_hostname)
            return sock

    monkeypatch.setattr(outbound, "TLS_CONTEXT", PlainContext())

    response = get(f"https://news.example:{server}/ok", allow_private=True)

    assert response.body == b"hello"
    assert checked_for == ["news.example"]
    assert Handler.requests[0][2]["Host"] == f"news.example:{server}"


def test_each_redirect_hop_is_looked_up_and_pinned_on_its_own(server, monkeypatch, connections):
    lookups = names(monkeypatch, "127.0.0.1")

    response = get(f"http://first.example:{server}/to?http://second.example:{server}/ok", allow_private=True)

    assert response.body == b"hello" and response.url == f"http://second.example:{server}/ok"
    assert lookups == ["first.example", "second.example"]
    assert [request[2]["Host"] for request in Handler.requests] == [
        f"first.example:{server}",
        f"second.example:{server}",
    ]


# --- redirects and statuses ---


def test_redirects_are_followed_up_to_the_limit_then_reported(server):
    with pytest.raises(outbound.HTTPStatus, match="answered 302 Found \\(after 2 redirects\\)") as answered:
        get(f"http://127.0.0.1:{server}/loop", allow_private=True, max_redirects=2)

    assert answered.value.status == 302
    assert len(Handler.requests) == 3


def test_a_post_answered_see_other_is_followed_by_a_get_without_the_body(server):
    response = outbound.request(
        "POST",
        f"http://127.0.0.1:{server}/see-other",
        data=b'{"story": 1}',
        headers={"Content-Type": "application/json"},
        timeout=2,
        max_bytes=1000,
        allow_private=True,
    )

    assert response.body == b"hello"
    (first_method, _, _, first_body), (then_method, _, then_headers, _) = Handler.requests
    assert (first_method, first_body) == ("POST", b'{"story": 1}')
    assert then_method == "GET" and "Content-Type" not in then_headers


def test_an_error_status_carries_its_status_reason_and_headers(server):
    with pytest.raises(outbound.HTTPStatus, match="the server answered 503 Service Unavailable") as answered:
        get(f"http://127.0.0.1:{server}/busy", allow_private=True)

    assert (answered.value.status, answered.value.reason) == (503, "Service Unavailable")
    assert answered.value.headers["Retry-After"] == "120"


def test_a_304_is_an_answer_when_the_caller_accepts_it_and_an_error_otherwise(server):
    url, conditional = f"http://127.0.0.1:{server}/ok", {"If-None-Match": '"v1"'}

    fresh = get(url, allow_private=True, ok_statuses={*outbound.SUCCESS, 304})
    unchanged = get(url, allow_private=True, headers=conditional, ok_statuses={*outbound.SUCCESS, 304})

    assert (fresh.status, fresh.body, fresh.headers["ETag"]) == (200, b"hello", '"v1"')
    assert (unchanged.status, unchanged.body) == (304, b"")
    with pytest.raises(outbound.HTTPStatus) as answered:
        get(url, allow_private=True, headers=conditional)
    assert answered.value.status == 304


def test_an_answer_of_a_type_the_caller_did_not_ask_for_is_refused(server):
    with pytest.raises(outbound.WrongType, match="the server sent text/html") as sent:
        get(f"http://127.0.0.1:{server}/page", allow_private=True, content_types=("image/",))

    assert sent.value.content_type == "text/html"


# --- size and time ---


@pytest.mark.parametrize("path", ["/big", "/unannounced"])
def test_a_body_larger_than_the_cap_is_refused_announced_or_not(server, path):
    with pytest.raises(outbound.TooLarge, match="larger than the 999 bytes limit"):
        get(f"http://127.0.0.1:{server}{path}", allow_private=True, max_bytes=999)


def test_a_body_exactly_at_the_cap_is_read_whole(server):
    assert get(f"http://127.0.0.1:{server}/unannounced", allow_private=True, max_bytes=1000).body == b"x" * 1000


def test_an_answer_breaking_off_before_its_announced_length_is_not_taken_for_a_whole_one(server):
    with pytest.raises(outbound.Unreachable, match="broke off after 10 of 1000 bytes"):
        get(f"http://127.0.0.1:{server}/short", allow_private=True)


@pytest.mark.parametrize("path", ["/drip", "/drip_headers", "/silent"])
def test_a_server_dripping_bytes_or_saying_nothing_is_cut_off_at_the_deadline(server, path):
    # Every drip arrives well within any single wait: only a deadline for the whole request ends these.
    with pytest.raises(outbound.TimedOut, match="timed out after 0.3 s"):
        get(f"http://127.0.0.1:{server}{path}", allow_private=True, timeout=0.3, max_bytes=1_000_000)


def test_a_port_nothing_listens_on_is_unreachable():
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(outbound.Unreachable, match="unreachable \\("):
        get(f"http://127.0.0.1:{port}/", allow_private=True)


def test_a_name_that_does_not_resolve_is_unreachable(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)

    with pytest.raises(outbound.Unreachable, match="cannot resolve nowhere.example"):
        get("http://nowhere.example/")
