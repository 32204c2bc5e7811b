"""Product Description Generator: the Gradio UI and the HTTP routes on one FastAPI app.

This module only wires things together: `create_app()` builds the app from the `generator`
package (the web layer is generator/web/), and `main()` checks the settings and serves it.
"""
from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from generator.settings import Settings, SettingsError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from generator.service import DescriptionService


def create_app(settings: Settings | None = None, service: DescriptionService | None = None) -> FastAPI:
    """The app: operator routes, the original REST routes and the Gradio UI, on one service.

    Without a service, one is built from `settings` (else the environment) and its models load now.
    """
    import gradio as gr
    from fastapi import FastAPI

    from generator import metrics
    from generator.ratelimit import RateLimiter
    from generator.service import DescriptionService
    from generator.web.middleware import GRADIO_ENDPOINTS, ForwardedHeadersMiddleware, RequestMetricsMiddleware
    from generator.web.operations import operator_routes
    from generator.web.rest import legacy_routes
    from generator.web.ui import build_ui

    settings = settings or Settings.from_env()
    if service is None:
        service = DescriptionService(settings)
        # The photo model loads in the background once the server is up (cold start: loading it during start-up
        # competed for the 2 cores and saved nothing); /health shows it as loading, a photo that comes first
        # waits for it.
        service.load(background=("vision",), start=False)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.engines.start_background()  # the server is up: now the photo model loads
        yield

    app = FastAPI(title="Product Description Generator", docs_url="/docs", lifespan=lifespan)
    app.state.service = service
    limiter = RateLimiter(settings.rate_limit)
    app.include_router(operator_routes(service))
    app.include_router(legacy_routes(service, limiter))
    app.add_middleware(RequestMetricsMiddleware)
    metrics.init_api_series(GRADIO_ENDPOINTS)
    demo = build_ui(service, limiter)
    demo.queue(default_concurrency_limit=1, max_size=64)
    metrics.watch_queue_depth(lambda: len(demo._queue))
    # Gradio refuses uploads past this hard cap; the image loader gives a precise message below it.
    # footer_links=["api"]: the footer links to the API docs only (None would add "built with Gradio",
    # settings and run history). root_path: PUBLIC_URL (or the Space's address) starts every link Gradio builds.
    app = gr.mount_gradio_app(app, demo, path="/", footer_links=["api"], max_file_size="25mb",
                              root_path=settings.root_url or None)
    # Outermost: forwarding headers from anyone but FORWARDED_ALLOW_IPS are gone before anything reads them.
    app.add_middleware(ForwardedHeadersMiddleware, trusted=settings.forwarded_allow_ips)
    return app


def main() -> None:
    """Check every setting first (a bad one exits at once, naming the variable), then serve."""
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        sys.exit(f"app.py: bad setting: {exc}")
    import uvicorn

    from generator.logging_setup import configure_logging
    from generator.web.server import deadline_protocol

    configure_logging(settings.log_level)
    # proxy_headers=False: ForwardedHeadersMiddleware decides whom to believe (FORWARDED_ALLOW_IPS);
    # http=: uvicorn's h11 protocol with a deadline for reading each request (CLIENT_TIMEOUT).
    uvicorn.run(create_app(settings), host=settings.server_name, port=settings.server_port, log_config=None,
                proxy_headers=False, http=deadline_protocol(settings.client_timeout))


if __name__ == "__main__":
    main()
