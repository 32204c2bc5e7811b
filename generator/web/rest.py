"""The original FastAPI service's routes, on the same generator service, with their request models.

POST /generate-description/ takes free-text attributes (the name first); POST /generate-from-image/
takes a photo. Both answer {description, report}; errors map through generator/errors.py.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from .. import metrics
from ..errors import ValidationError
from ..events import Result
from ..images import MAX_BYTES
from ..product import split_list
from ..ratelimit import RateLimiter
from ..service import DescriptionService
from .errors import http_error


class GenerateRequest(BaseModel):
    attributes: str = Field(
        description="Free text: the product name first, then its features, comma- or newline-separated")
    keywords: str | None = Field(default=None, description="Comma-separated keywords to include")


class GenerateResponse(BaseModel):
    description: str
    report: dict[str, Any] = Field(description="The check report, model and provenance (new; old clients ignore it)")


def legacy_attributes(attributes: str, keywords: str | None) -> dict[str, Any]:
    """The original service's free-text attributes: the first item is the name, the rest are features."""
    items = [item.strip() for item in split_list(attributes) if item.strip()]
    if not items:
        raise ValidationError("attributes", "is required: give at least the product name")
    return {"name": items[0], "features": items[1:], "keywords": keywords}


def legacy_routes(service: DescriptionService, limiter: RateLimiter) -> APIRouter:
    """The original FastAPI service's routes, backed by the same generator service."""
    router = APIRouter(tags=["original service"])

    def respond(request: Request, run: Callable[[str], Result]) -> GenerateResponse:
        client = request.client.host if request.client else "unknown"
        try:
            limiter.check(client)
            with metrics.in_flight():
                result = run(client)
        except Exception as exc:  # noqa: BLE001 - a clear message and status (errors.KINDS), never a stack trace
            raise http_error(exc) from None
        return GenerateResponse(description=result.text, report=result.report)

    @router.post("/generate-description/", response_model=GenerateResponse)
    def generate_description(body: GenerateRequest, request: Request) -> GenerateResponse:
        return respond(request, lambda client: service.describe(
            legacy_attributes(body.attributes, body.keywords), client=client))

    @router.post("/generate-from-image/", response_model=GenerateResponse)
    def generate_from_image(
        request: Request, image: Annotated[UploadFile, File()], keywords: Annotated[str | None, Form()] = None,
    ) -> GenerateResponse:
        data = image.file.read(MAX_BYTES + 1)  # one byte past the limit is enough to refuse
        return respond(request, lambda client: service.describe_image(data, {"keywords": keywords}, client=client))

    return router
