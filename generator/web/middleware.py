"""Request metrics for every HTTP request, labelled by a low-cardinality endpoint name; forwarding headers
believed only from trusted proxies."""
from __future__ import annotations

import ipaddress
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .. import metrics

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


GRADIO_ENDPOINTS = ("/describe", "/analyze_image", "/describe_image", "/describe_batch")  # the public Gradio API
UNROUTED = ("/other", "/gradio_api/other")  # paths that name no route of the app or of Gradio


class RequestMetricsMiddleware:
    """Counts and times every HTTP request (pure ASGI, so streamed responses are timed to their end)."""

    APP_ROUTES = {"/health", "/metrics", "/info", "/", "/docs", "/openapi.json",
                  "/generate-description/", "/generate-from-image/"}
    # Gradio's routes by their first segment, and the second segments that name a route rather than an id.
    # Labels come from these fixed sets only: a path anyone can make up (or a session or event id) would
    # otherwise create a new series on /metrics.
    GRADIO_ROUTES = {"queue", "call", "run", "upload", "upload_progress", "file", "info", "config", "heartbeat",
                     "startup-events", "theme.css", "api", "assets", "static", "stream", "cancel", "reset",
                     "login", "logout", "mcp", "vibe"}
    GRADIO_SUBROUTES = {"join", "data", "status", *(name.strip("/") for name in GRADIO_ENDPOINTS)}
    METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

    def __init__(self, app: ASGIApp):
        self.app = app

    @classmethod
    def endpoint(cls, path: str) -> str:
        """The route template a path belongs to, from a fixed set of labels."""
        if path in cls.APP_ROUTES:
            return path
        if path.startswith("/gradio_api/"):
            parts = [part.split("=")[0] for part in path.split("/")[2:4]]
            if not parts or parts[0] not in cls.GRADIO_ROUTES:
                return "/gradio_api/other"
            if len(parts) > 1 and parts[1] in cls.GRADIO_SUBROUTES:
                return f"/gradio_api/{parts[0]}/{parts[1]}"
            return f"/gradio_api/{parts[0]}"
        return "/other"

    @classmethod
    def method(cls, method: str) -> str:
        return method if method in cls.METHODS else "other"

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        endpoint, method = self.endpoint(scope["path"]), self.method(scope["method"])
        if endpoint in UNROUTED:  # no route: one series whatever the path and method (made at start-up)
            endpoint, method = "/other", "other"
        status = {"code": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            metrics.record_api_call(method, endpoint, str(status["code"]), time.perf_counter() - started)


# Headers a proxy sets to say where a request came from and which host it was for. Gradio builds the links
# it returns (batch results, files) from X-Forwarded-Host, X-Forwarded-Proto and X-Gradio-Server.
FORWARDING_HEADERS = frozenset({b"forwarded", b"x-forwarded-for", b"x-forwarded-host", b"x-forwarded-proto",
                                b"x-forwarded-port", b"x-forwarded-prefix", b"x-forwarded-server", b"x-real-ip",
                                b"x-gradio-server"})


def trusted_networks(spec: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None:
    """FORWARDED_ALLOW_IPS as networks; None stands for `*` (any peer). Raises ValueError for a bad entry."""
    items = [item.strip() for item in spec.split(",") if item.strip()]
    if "*" in items:
        return None
    return [ipaddress.ip_network(item, strict=False) for item in items]


class ForwardedHeadersMiddleware:
    """Believe forwarding headers only from the proxies in FORWARDED_ALLOW_IPS.

    From any other peer they are removed before the app sees them, so a forged `X-Forwarded-Host` cannot
    change the links the app builds. From a trusted proxy they are kept, and the client address and scheme
    are taken from X-Forwarded-For and X-Forwarded-Proto (uvicorn's ProxyHeadersMiddleware), so rate limits
    and A/B routing see the real client.
    """

    def __init__(self, app: ASGIApp, trusted: str = ""):
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        self.app = app
        self.networks = trusted_networks(trusted)
        # Called for trusted peers only; with the same list, so X-Forwarded-For is read from its trusted end.
        self.behind_proxy = ProxyHeadersMiddleware(app, trusted_hosts=trusted or "127.0.0.1")  # type: ignore[arg-type]

    def trusts(self, client: Any) -> bool:
        if self.networks is None:
            return True
        try:
            address = ipaddress.ip_address(client[0]) if client else None
        except ValueError:  # not an IP address (a Unix socket, a test client)
            return False
        return address is not None and any(address in network for network in self.networks)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
        elif self.trusts(scope.get("client")):
            await self.behind_proxy(scope, receive, send)  # type: ignore[arg-type]
        else:
            scope["headers"] = [(name, value) for name, value in scope["headers"] if name not in FORWARDING_HEADERS]
            await self.app(scope, receive, send)
