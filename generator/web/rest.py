"""The original FastAPI service's routes, on the same generator service, with their request models.

POST /generate-description/ takes free-text attributes (the name first); POST /generate-from-image/
takes a photo and, optionally, the facts the photo cannot show. Both answer {description, report};
errors map through generator/errors.py.

JSON bodies are strict (RFC 8259): `NaN`, `Infinity` and `-Infinity`, which Python's parser accepts,
are refused with a 422 naming the field, before validation, so the error response itself stays JSON.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
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
    if not any(char.isalnum() for char in items[0]):
        raise ValidationError("attributes", "the first item is the product name, and it needs at least one letter "
                                            "or digit")
    return {"name": items[0], "features": items[1:], "keywords": keywords}


def _non_finite(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Where NaN or ±Infinity sits in a parsed JSON value, and how the body spelt it."""
    if isinstance(value, float) and not math.isfinite(value):
        yield path, "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _non_finite(item, (*path, index))


MAX_JSON_DEPTH = 32  # product facts are two levels deep; nothing legitimate comes close
MAX_ECHO_CHARS = 80  # of the input a validation error repeats back


def json_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, scanned without parsing (no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def _short_input(error: Any) -> dict[str, Any]:
    """A validation error whose echoed `input` is at most MAX_ECHO_CHARS characters (of its JSON)."""
    error = dict(error)
    error.pop("ctx", None)
    if "input" in error:
        text = json.dumps(error["input"], ensure_ascii=False, default=str)
        error["input"] = error["input"] if len(text) <= MAX_ECHO_CHARS else text[:MAX_ECHO_CHARS] + "…"
    return error


class StrictJSONRoute(APIRoute):
    """A route whose JSON body may not hold NaN or Infinity: a 422 naming each such field, as FastAPI words one."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            if "json" in request.headers.get("content-type", ""):
                raw = await request.body()
                depth = json_depth(raw)
                if depth > MAX_JSON_DEPTH:  # before any parser recurses into it (1,000 deep was a 500)
                    return JSONResponse({"detail": f"the JSON body is nested {depth} levels deep; the limit is "
                                                   f"{MAX_JSON_DEPTH}"}, status_code=400)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None  # FastAPI answers malformed JSON itself
                errors = [{"type": "finite_number", "loc": ["body", *path],
                           "msg": f"{'.'.join(map(str, path)) or 'body'}: {value} is not valid JSON "
                                  "(RFC 8259 has no NaN or Infinity); send text or a finite number",
                           "input": value} for path, value in _non_finite(body)]
                if errors:
                    return JSONResponse({"detail": errors}, status_code=422)
            try:
                return await handler(request)
            except RequestValidationError as exc:  # FastAPI's 422, with each echoed input cut short
                return JSONResponse({"detail": [_short_input(error) for error in exc.errors()]}, status_code=422)

        return strict_handler


_PHOTO_FIELDS = {
    "name": "The product's name; needed when the photo is not recognised, else the photo's label is used",
    "category": "The product category; else the photo's",
    "brand": "The brand",
    "features": "Features, newline- or comma-separated",
    "materials": "Materials, newline- or comma-separated",
    "color": "The colour; else the colours seen in the photo",
    "size": "The size",
    "audience": "Who the product is for",
    "keywords": "Comma-separated keywords to include",
}


def _unrecognised_needs_name(run: Callable[[], Result]) -> Result:
    """A photo that shows no known product: say which form field to send."""
    try:
        return run()
    except ValidationError as exc:
        if exc.field == "name" and "could not be recognised" in exc.message:
            raise ValidationError("name", "the product could not be recognised in the photo; send its name in the "
                                          "`name` form field") from None
        raise


def legacy_routes(service: DescriptionService, limiter: RateLimiter) -> APIRouter:
    """The original FastAPI service's routes, backed by the same generator service."""
    router = APIRouter(tags=["original service"], route_class=StrictJSONRoute)

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
        request: Request, image: Annotated[UploadFile, File(description="The product photo: JPEG, PNG, WebP or GIF, "
                                                                         "at most 10 MB")],
        name: Annotated[str | None, Form(description=_PHOTO_FIELDS["name"])] = None,
        category: Annotated[str | None, Form(description=_PHOTO_FIELDS["category"])] = None,
        brand: Annotated[str | None, Form(description=_PHOTO_FIELDS["brand"])] = None,
        features: Annotated[str | None, Form(description=_PHOTO_FIELDS["features"])] = None,
        materials: Annotated[str | None, Form(description=_PHOTO_FIELDS["materials"])] = None,
        color: Annotated[str | None, Form(description=_PHOTO_FIELDS["color"])] = None,
        size: Annotated[str | None, Form(description=_PHOTO_FIELDS["size"])] = None,
        audience: Annotated[str | None, Form(description=_PHOTO_FIELDS["audience"])] = None,
        keywords: Annotated[str | None, Form(description=_PHOTO_FIELDS["keywords"])] = None,
    ) -> GenerateResponse:
        """Describe the product in a photo. Facts given here win over what the photo shows; when the photo
        is not recognised, `name` is needed."""
        data = image.file.read(MAX_BYTES + 1)  # one byte past the limit is enough to refuse
        given = dict(name=name, category=category, brand=brand, features=features, materials=materials, color=color,
                     size=size, audience=audience, keywords=keywords)
        given = {key: value for key, value in given.items() if value is not None and value.strip()}
        return respond(request, lambda client: _unrecognised_needs_name(
            lambda: service.describe_image(data, given, client=client)))

    return router
