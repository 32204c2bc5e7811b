"""Operator routes: /health, /metrics and /info. They carry no user input and no secrets."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..service import DescriptionService


def operator_routes(service: DescriptionService) -> APIRouter:
    router = APIRouter(tags=["operations"])
    settings = service.settings

    @router.get("/health")
    def health() -> JSONResponse:
        """Overall status (ok, degraded or error) and, per model, whether it loaded or why not."""
        body = service.health()
        return JSONResponse(body, status_code=503 if body["status"] == "error" else 200)

    @router.get("/metrics", response_class=Response)
    def prometheus_metrics() -> Response:
        """Prometheus text exposition of the app's counters, gauges and histograms."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @router.get("/info")
    def info() -> dict[str, Any]:
        """Build and model provenance: version, commit, engines, model ids and sha256s, prompt version."""
        return {
            **service.provenance(),
            "text_engine": settings.text_engine,
            "settings": {"threads": settings.threads, "context_size": settings.context_size,
                         "best_of": settings.best_of, "draft_budget": settings.draft_budget},
            "cache": {"entries": len(service.cache), "max_entries": service.cache.max_entries,
                      "directory_error": service.cache.disk_error or None},
        }

    return router
