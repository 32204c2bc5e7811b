"""The HTTP server: uvicorn's h11 protocol with a deadline for reading each request.

uvicorn bounds the idle time between requests (`timeout_keep_alive`) and the size of the headers (h11's
limit), but not the time a client takes to send them: a client trickling one header byte at a time, or
declaring `Content-Length: 1000` and sending 10 bytes, held a connection (and the app task waiting for
the body) for as long as it liked. Here a request's headers and body must arrive within CLIENT_TIMEOUT
seconds, plus one second for each MIN_BODY_RATE bytes of body received, so a slow but steady upload
still gets through. Past the deadline the client gets `408 Request Timeout` and the connection closes;
other connections are served as usual all along.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["MIN_BODY_RATE", "DeadlineH11Protocol", "deadline_protocol"]

MIN_BODY_RATE = 1024  # bytes a second that buy one more second for a request body

log = logging.getLogger(__name__)

_BODY = b"Request Timeout: the request was not sent in time\n"
_TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                     b"content-length: " + str(len(_BODY)).encode() + b"\r\nconnection: close\r\n\r\n" + _BODY)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for each request's headers and body (see the module)."""

    read_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._started = 0.0
        self._body_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._begin_request()  # the first request is due now

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._begin_request()  # the next request on a kept-alive connection starts
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            self._body_bytes += len(data)
            self._arm(self._started + self.read_timeout + self._body_bytes / MIN_BODY_RATE - self.loop.time())
        elif state is not h11.IDLE:
            self._cancel()  # the request is in (or the connection is over): the response takes as long as it takes

    def _begin_request(self) -> None:
        self._started, self._body_bytes = self.loop.time(), 0
        self._arm(self.read_timeout)

    def _arm(self, delay: float) -> None:
        self._cancel()
        self._deadline = self.loop.call_later(max(delay, 0.0), self._too_slow)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or self.transport.get_protocol() is not self:
            return
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            return
        log.info("request not received in time; 408 sent, connection closed",
                 extra={"seconds": round(self.loop.time() - self._started, 1)})
        cycle = self.cycle
        if cycle is None or cycle.response_complete or not cycle.response_started:
            self.transport.write(_TIMEOUT_RESPONSE)
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the app, waiting for the body, hears http.disconnect
            cycle.message_event.set()
        self.transport.close()


def deadline_protocol(read_timeout: float) -> type[DeadlineH11Protocol]:
    """The protocol class to give uvicorn (`http=`), with CLIENT_TIMEOUT as its deadline."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"read_timeout": float(read_timeout)})
