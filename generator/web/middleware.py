"""Request metrics for every HTTP request, labelled by a low-cardinality endpoint name."""
from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .. import metrics

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


GRADIO_ENDPOINTS = ("/describe", "/analyze_image", "/describe_image", "/describe_batch")  # the public Gradio API


class RequestMetricsMiddleware:
    """Counts and times every HTTP request (pure ASGI, so streamed responses are timed to their end)."""

    APP_ROUTES = {"/health", "/metrics", "/info", "/", "/docs", "/openapi.json",
                  "/generate-description/", "/generate-from-image/"}

    def __init__(self, app: ASGIApp):
        self.app = app

    @classmethod
    def endpoint(cls, path: str) -> str:
        if path in cls.APP_ROUTES:
            return path
        if path.startswith("/gradio_api/"):
            parts = [part.split("=")[0] for part in path.split("/")[2:4]]
            return "/gradio_api/" + "/".join(part for part in parts if part)
        return "/other"

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        endpoint, method = self.endpoint(scope["path"]), scope["method"]
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
