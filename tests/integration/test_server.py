"""The HTTP server's read deadline (generator/web/server.py) on a real uvicorn, with a one-second deadline."""
import contextlib
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from generator.web.server import MIN_BODY_RATE, deadline_protocol
from tests.helpers import free_port

DEADLINE = 1.0


async def echo_length(scope, receive, send):
    """Reads the whole body and answers with its length."""
    if scope["type"] != "http":
        return
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size, more = size + len(message.get("body", b"")), message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": str(size).encode()})


@pytest.fixture(scope="module")
def server():
    port = free_port()
    config = uvicorn.Config(echo_length, host="127.0.0.1", port=port, log_config=None, lifespan="off",
                            http=deadline_protocol(DEADLINE))
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield ("127.0.0.1", port)
    instance.should_exit = True
    thread.join(timeout=10)


def held_for(address, first: bytes, trickle: bytes = b"", every: float = 0.1, give_up: float = 10):
    """Send `first`, then `trickle`'s last byte over and over; seconds until the server answered and closed."""
    with socket.create_connection(address, timeout=give_up) as sock:
        started = time.perf_counter()
        sock.sendall(first)
        sock.settimeout(every)
        answer = b""
        for byte in trickle.ljust(int(give_up / every), trickle[-1:] or b" ") if trickle else []:
            with contextlib.suppress(TimeoutError):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
                break
            with contextlib.suppress(OSError):
                sock.sendall(bytes([byte]))
        sock.settimeout(give_up)
        with contextlib.suppress(OSError):
            while chunk := sock.recv(4096):
                answer += chunk
        return time.perf_counter() - started, answer


def test_trickled_headers_get_a_408_at_the_deadline(server):
    seconds, answer = held_for(server, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", trickle=b"a")
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout") and DEADLINE <= seconds < DEADLINE + 2


def test_a_body_that_stops_coming_gets_a_408(server):
    seconds, answer = held_for(server, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789")
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout") and DEADLINE <= seconds < DEADLINE + 2


def test_a_connection_that_sends_nothing_is_closed(server):
    seconds, answer = held_for(server, b"")
    assert answer.startswith(b"HTTP/1.1 408") and seconds < DEADLINE + 2


def test_a_steady_upload_longer_than_the_deadline_gets_through(server):
    chunk = b"x" * MIN_BODY_RATE  # a second's worth at the minimum rate, every 0.5 s

    def body():
        for _ in range(6):  # 3 s in all: three times the deadline
            yield chunk
            time.sleep(0.5)

    response = httpx.post(f"http://{server[0]}:{server[1]}/", content=body(), timeout=20)
    assert response.status_code == 200 and response.text == str(6 * MIN_BODY_RATE)


def test_keep_alive_requests_each_get_their_own_deadline(server):
    with httpx.Client(base_url=f"http://{server[0]}:{server[1]}", timeout=10) as http:
        for _ in range(3):
            assert http.post("/", content=b"abc").text == "3"
            time.sleep(DEADLINE * 0.8)  # idle time between requests does not count against the next one
