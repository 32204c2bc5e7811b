"""Product Description Generator: Gradio UI and operator routes on one FastAPI app.

This module only wires things together; all logic lives in the `generator` package.
"""
from __future__ import annotations

import functools
import inspect
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import gradio as gr
from fastapi import APIRouter, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from generator import metrics
from generator.batch import MAX_ROWS, BatchError, run_batch, template_csv
from generator.engines.errors import EngineFailed, EngineNotReady
from generator.logging_setup import configure_logging
from generator.images import MAX_BYTES, ImageError
from generator.product import LENGTH_WORDS, TONE_PRESETS, ValidationError, split_list
from generator.ratelimit import RateLimited, RateLimiter
from generator.scorecard import scorecard_markdown
from generator.service import DescriptionService, Partial
from generator.settings import Settings

log = logging.getLogger("app")

TEXT_QUEUE = "text-model"  # every event that runs the text model shares one slot: it uses all cores

EXAMPLES = [
    ["Insulated Water Bottle", "Drinkware", "Hydrova",
     "keeps drinks cold for 24 hours\nkeeps drinks hot for 12 hours\nleak-proof screw lid",
     "stainless steel", "matte black", "750 ml", "hikers and commuters", "reusable, BPA-free",
     "friendly", "medium", "English"],
    ["Trail Running Shoe", "Footwear", "Ridgeline", "Vibram outsole\n8 mm heel-to-toe drop\nrock plate",
     "recycled mesh, EVA foam", "orange and grey", "EU 38 to 47", "trail runners", "grip, lightweight",
     "energetic", "medium", "English"],
    ["Ceramic Coffee Mug", "Kitchen", "", "dishwasher safe\nmicrowave safe", "stoneware", "speckled white",
     "350 ml", "coffee lovers", "gift", "warm", "short", "English"],
]

from gradio.events import Dependency

class StrictTextbox(gr.Textbox):
    """A Textbox that rejects non-text API payloads instead of silently str()-ing them."""

    is_template = True  # rendered by the frontend as a plain textbox
    field = "input"  # the API parameter name, used in error messages

    def preprocess(self, payload: Any) -> str | None:
        if payload is not None and not isinstance(payload, str):
            raise gr.Error(f"{self.field}: must be text, got {type(payload).__name__}", title="Invalid input")
        return payload
    from typing import Callable, Literal, Sequence, Any, TYPE_CHECKING
    from gradio.blocks import Block
    if TYPE_CHECKING:
        from gradio.components import Timer
        from gradio.components.base import Component


class StrictRadio(gr.Radio):
    """A Radio whose out-of-range API values get an error naming the field."""

    is_template = True
    field = "input"

    def preprocess(self, payload: Any) -> Any:
        choices = [value for _, value in self.choices]
        if payload not in choices:
            raise gr.Error(f"{self.field}: must be one of {', '.join(map(str, choices))}; got {payload!r}",
                           title="Invalid input")
        return super().preprocess(payload)
    from typing import Callable, Literal, Sequence, Any, TYPE_CHECKING
    from gradio.blocks import Block
    if TYPE_CHECKING:
        from gradio.components import Timer
        from gradio.components.base import Component


class SafeImage(gr.Image):
    """An Image input that hands the service the uploaded file untouched.

    Gradio's own preprocessing would decode (and re-encode) the upload before our size and
    pixel checks run; the service's safe loader does all of that instead.
    """

    is_template = True

    def preprocess(self, payload: Any) -> str | None:
        if payload is None or not getattr(payload, "path", None):
            raise gr.Error("image: no file was uploaded", title="Invalid input")
        return payload.path
    from typing import Callable, Literal, Sequence, Any, TYPE_CHECKING
    from gradio.blocks import Block
    if TYPE_CHECKING:
        from gradio.components import Timer
        from gradio.components.base import Component


class StrictNumber(gr.Number):
    """A Number whose non-numeric API values get an error naming the field."""

    is_template = True
    field = "input"

    def preprocess(self, payload: Any) -> Any:
        if payload is not None and (isinstance(payload, bool) or not isinstance(payload, (int, float))):
            raise gr.Error(f"{self.field}: must be a number, got {type(payload).__name__}", title="Invalid input")
        return payload
    from typing import Callable, Literal, Sequence, Any, TYPE_CHECKING
    from gradio.blocks import Block
    if TYPE_CHECKING:
        from gradio.components import Timer
        from gradio.components.base import Component


def text_input(field: str, label: str, **kwargs: Any) -> StrictTextbox:
    box = StrictTextbox(label=label, **kwargs)
    box.field = field
    return box


def _user_error(exc: Exception) -> gr.Error:
    if isinstance(exc, (ValidationError, ImageError, BatchError)):
        return gr.Error(str(exc), title="Invalid input")
    if isinstance(exc, EngineNotReady):
        return gr.Error(f"The model is not available: {exc}", title="Model unavailable")
    if isinstance(exc, EngineFailed):
        return gr.Error(str(exc)[:1].upper() + str(exc)[1:], title="Model server problem")
    log.exception("request failed", extra={"error_type": type(exc).__name__})
    return gr.Error(f"Generation failed ({type(exc).__name__}). Please try again.", title="Error")


def _observed(endpoint: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    """Count, time and error-map a Gradio handler, streaming (generator) or not."""
    streaming = inspect.isgeneratorfunction(handler)

    @functools.wraps(handler)  # keeps the signature, so the auto API names every parameter
    def run(*args: Any, **kwargs: Any) -> Iterator[Any]:
        started = time.perf_counter()
        status = "ok"
        metrics.ACTIVE_REQUESTS.inc()
        try:
            if streaming:
                yield from handler(*args, **kwargs)
            else:
                yield handler(*args, **kwargs)
        except gr.Error:
            status = "invalid"
            raise
        except RateLimited as exc:
            status = "rate_limited"
            raise gr.Error(str(exc), title="Slow down") from None
        except (ValidationError, ImageError, BatchError) as exc:
            status = "invalid"
            raise _user_error(exc) from None
        except Exception as exc:  # noqa: BLE001 - every failure becomes a clear message
            status = "error"
            raise _user_error(exc) from None
        finally:
            metrics.ACTIVE_REQUESTS.dec()
            metrics.API_REQUESTS.labels(method="gradio", endpoint=endpoint, status=status).inc()
            metrics.API_REQUEST_DURATION.labels(method="gradio", endpoint=endpoint).observe(
                time.perf_counter() - started
            )

    return run


def _events_to_outputs(events: Iterator[Any]) -> Iterator[tuple[str, dict]]:
    for event in events:
        yield (event.text, {}) if isinstance(event, Partial) else (event.text, event.report)


def _render_scorecard(report: dict | None) -> str:
    return scorecard_markdown(report["check"]) if report and "check" in report else ""


def _style_inputs() -> list[gr.components.Component]:
    with gr.Row():
        tone = gr.Dropdown(list(TONE_PRESETS), value="friendly", label="Tone", allow_custom_value=True)
        length = StrictRadio(list(LENGTH_WORDS), value="medium", label="Length")
        length.field = "length"
        language = text_input("language", "Language", value="English")
    with gr.Accordion("Advanced", open=False):
        with gr.Row():
            variants = StrictRadio([1, 2, 3], value=1, label="Variants (the best is shown; all are in the report)")
            variants.field = "variants"
            seed = StrictNumber(value=None, precision=0, label="Seed (blank: random; set it to repeat a result)")
            seed.field = "seed"
    return [tone, length, language, variants, seed]


def _output_column(elem_id: str) -> tuple[gr.Textbox, gr.JSON, gr.Markdown]:
    description = gr.Textbox(label="Description", lines=12, buttons=["copy"], elem_id=elem_id, interactive=False)
    scorecard = gr.Markdown(elem_id=f"{elem_id}-scorecard")
    report = gr.JSON(label="Report")
    return description, report, scorecard


def client_id(request: gr.Request | None) -> str:
    if request is None:
        return "local"
    return request.username or (request.client.host if request.client else "unknown")


def build_ui(service: DescriptionService, limiter: RateLimiter) -> gr.Blocks:
    def describe(
        name: str, category: str | None = None, brand: str | None = None, features: str | None = None,
        materials: str | None = None, color: str | None = None, size: str | None = None,
        audience: str | None = None, keywords: str | None = None,
        tone: str = "friendly", length: str = "medium", language: str = "English",
        variants: int = 1, seed: int | None = None, request: gr.Request = None,
    ) -> Iterator[tuple[str, dict]]:
        client = client_id(request)
        limiter.check(client)
        product = dict(name=name, category=category, brand=brand, features=features, materials=materials,
                       color=color, size=size, audience=audience, keywords=keywords)
        style = dict(tone=tone, length=length, language=language)
        yield from _events_to_outputs(service.describe_stream(product, style, seed=seed, variants=variants,
                                                              client=client))

    def analyze_image(image: str, request: gr.Request = None) -> dict:
        limiter.check(client_id(request))
        return service.analyze_image(image).as_dict()

    def describe_image(
        image: str, name: str | None = None, category: str | None = None, brand: str | None = None,
        features: str | None = None, materials: str | None = None, color: str | None = None,
        size: str | None = None, audience: str | None = None, keywords: str | None = None,
        tone: str = "friendly", length: str = "medium", language: str = "English",
        variants: int = 1, seed: int | None = None, text_seen: str | None = None, caption: str | None = None,
        request: gr.Request = None,
    ) -> Iterator[tuple[str, dict]]:
        client = client_id(request)
        limiter.check(client)
        given = dict(name=name, category=category, brand=brand, features=features, materials=materials,
                     color=color, size=size, audience=audience, keywords=keywords,
                     text_seen=text_seen, caption=caption)
        style = dict(tone=tone, length=length, language=language)
        yield from _events_to_outputs(service.describe_image_stream(image, given, style, seed=seed, variants=variants,
                                                                    client=client))

    def describe_batch(
        file: str, tone: str = "friendly", length: str = "medium", language: str = "English",
        progress: gr.Progress = gr.Progress(), request: gr.Request = None,
    ) -> Iterator[str]:
        if not file:
            raise BatchError("no CSV was uploaded")
        out = Path(tempfile.mkdtemp(prefix="batch-")) / f"{Path(file).stem}-described.csv"
        defaults = {"tone": tone, "length": length, "language": language}
        progress((0, None), desc="Reading the CSV")
        for done, total in run_batch(service, file, out, defaults, service.settings.batch_concurrency,
                                     client=client_id(request)):
            progress((done, total), desc=f"{done} of {total} rows described", unit="rows")
            yield str(out)

    def fill_detected(detected: dict) -> tuple[str, str, str, str, str]:
        labels = detected.get("labels") or []
        name = labels[0]["name"] if labels else detected.get("caption", "")
        colors = " and ".join((detected.get("colors") or [])[:2])
        return (name, detected.get("category", ""), colors, detected.get("text_seen", ""),
                detected.get("caption", ""))

    health = service.health()
    with gr.Blocks(title="Product Description Generator", delete_cache=(600, 3600)) as demo:
        gr.Markdown("# Product Description Generator\nFill in what you know about the product; "
                    "the description uses only these facts.")
        if health["status"] != "ok":
            problems = "; ".join(f"{role}: {m.get('reason', 'not loaded')}"
                                 for role, m in health["models"].items() if not m["loaded"])
            gr.Markdown(f"**Warning: some models are not available.** {problems}", elem_id="model-banner")
        with gr.Tab("Text"):
            with gr.Row():
                with gr.Column():
                    name = text_input("name", "Product name", max_length=200)
                    with gr.Row():
                        category = text_input("category", "Category", max_length=200)
                        brand = text_input("brand", "Brand", max_length=200)
                    features = text_input("features", "Features (one per line)", lines=4)
                    materials = text_input("materials", "Materials (one per line or comma-separated)", lines=2)
                    with gr.Row():
                        color = text_input("color", "Colour", max_length=200)
                        size = text_input("size", "Size", max_length=200)
                    audience = text_input("audience", "Audience", max_length=200)
                    keywords = text_input("keywords", "Keywords (comma-separated)")
                    style = _style_inputs()
                    generate = gr.Button("Generate", variant="primary")
                with gr.Column():
                    description, report, scorecard = _output_column("description")
            inputs = [name, category, brand, features, materials, color, size, audience, keywords, *style]
            gr.Examples(EXAMPLES, inputs=inputs[:12], cache_examples=False)  # without variants and seed
            generate.click(
                _observed("/describe", describe), inputs=inputs, outputs=[description, report],
                api_name="describe", api_visibility="public",
                concurrency_limit=1, concurrency_id=TEXT_QUEUE,
            ).then(_render_scorecard, inputs=report, outputs=scorecard, api_visibility="private", queue=False)

        with gr.Tab("Image"):
            with gr.Row():
                with gr.Column():
                    photo = SafeImage(type="filepath", sources=["upload", "webcam", "clipboard"],
                                      label="Product photo", elem_id="photo")
                    gr.Markdown("**Detected**: check and correct these; only what you keep counts as a fact.")
                    p_name = text_input("name", "Product name or type", max_length=200)
                    with gr.Row():
                        p_category = text_input("category", "Category", max_length=200)
                        p_color = text_input("color", "Colour", max_length=200)
                    p_text_seen = text_input("text_seen", "Text seen on the product", max_length=200)
                    p_caption = text_input("caption", "Caption", max_length=200,
                                           visible=service.settings.vision_engine == "blip")
                    with gr.Accordion("More details", open=False):
                        p_brand = text_input("brand", "Brand", max_length=200)
                        p_features = text_input("features", "Features (one per line)", lines=3)
                        p_materials = text_input("materials", "Materials", lines=1)
                        with gr.Row():
                            p_size = text_input("size", "Size", max_length=200)
                            p_audience = text_input("audience", "Audience", max_length=200)
                        p_keywords = text_input("keywords", "Keywords (comma-separated)")
                    p_style = _style_inputs()
                    p_generate = gr.Button("Generate from photo", variant="primary")
                with gr.Column():
                    detected = gr.JSON(label="Detected (raw)")
                    p_description, p_report, p_scorecard = _output_column("photo-description")
            photo.upload(
                _observed("/analyze_image", analyze_image), inputs=photo, outputs=detected,
                api_name="analyze_image", api_visibility="public",
                concurrency_limit=2, concurrency_id="vision-model",
            ).then(
                fill_detected, inputs=detected, outputs=[p_name, p_category, p_color, p_text_seen, p_caption],
                api_visibility="private", queue=False,
            )
            p_generate.click(
                _observed("/describe_image", describe_image),
                inputs=[photo, p_name, p_category, p_brand, p_features, p_materials, p_color, p_size,
                        p_audience, p_keywords, *p_style, p_text_seen, p_caption],
                outputs=[p_description, p_report],
                api_name="describe_image", api_visibility="public",
                concurrency_limit=1, concurrency_id=TEXT_QUEUE,
            ).then(_render_scorecard, inputs=p_report, outputs=p_scorecard, api_visibility="private", queue=False)
        with gr.Tab("Batch"):
            gr.Markdown(
                f"Upload a CSV with one product a row, up to {MAX_ROWS} rows. Its columns are the `/describe` "
                "parameter names (`name` is required; separate features with `;`). Optional `tone`, `length`, "
                "`language` and `seed` columns override the choices below. The result keeps every column and adds "
                "`description`, `coverage`, `unsupported_claims` and `error`; rows are written as they finish, "
                "so stopping keeps the rows already done."
            )
            template_path = Path(tempfile.mkdtemp(prefix="template-")) / "products-template.csv"
            template_path.write_text(template_csv())
            gr.DownloadButton("Download the template CSV", value=str(template_path))
            with gr.Row():
                with gr.Column():
                    batch_file = gr.File(label="Products CSV", file_types=[".csv"], type="filepath")
                    b_tone = gr.Dropdown(list(TONE_PRESETS), value="friendly", label="Tone", allow_custom_value=True)
                    b_length = StrictRadio(list(LENGTH_WORDS), value="medium", label="Length")
                    b_length.field = "length"
                    b_language = text_input("language", "Language", value="English")
                    with gr.Row():
                        batch_run = gr.Button("Describe all rows", variant="primary")
                        batch_stop = gr.Button("Stop")
                with gr.Column():
                    batch_result = gr.File(label="Result CSV", elem_id="batch-result")
            batch_event = batch_run.click(
                _observed("/describe_batch", describe_batch), inputs=[batch_file, b_tone, b_length, b_language],
                outputs=batch_result, api_name="describe_batch", api_visibility="public",
                concurrency_limit=1, concurrency_id="batch",
            )
            batch_stop.click(None, cancels=[batch_event], api_visibility="private")
    return demo


class RequestMetricsMiddleware:
    """Counts and times every HTTP request, labelled by a low-cardinality endpoint name."""

    APP_ROUTES = {"/health", "/metrics", "/info", "/", "/docs", "/openapi.json",
                  "/generate-description/", "/generate-from-image/"}

    def __init__(self, app: Any):
        self.app = app

    @classmethod
    def endpoint(cls, path: str) -> str:
        if path in cls.APP_ROUTES:
            return path
        if path.startswith("/gradio_api/"):
            parts = [part.split("=")[0] for part in path.split("/")[2:4]]
            return "/gradio_api/" + "/".join(part for part in parts if part)
        return "/other"

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        endpoint, method = self.endpoint(scope["path"]), scope["method"]
        status = {"code": 500}

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            metrics.API_REQUESTS.labels(method=method, endpoint=endpoint, status=str(status["code"])).inc()
            metrics.API_REQUEST_DURATION.labels(method=method, endpoint=endpoint).observe(
                time.perf_counter() - started
            )


class GenerateRequest(BaseModel):
    attributes: str = Field(description="Free text: the product name first, then its features, comma- or newline-separated")
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

    def respond(request: Request, run: Callable[[str], Any]) -> GenerateResponse:
        client = request.client.host if request.client else "unknown"
        try:
            limiter.check(client)
            with metrics.ACTIVE_REQUESTS.track_inprogress():
                result = run(client)
        except RateLimited as exc:
            raise HTTPException(status_code=429, detail=str(exc), headers={"Retry-After": str(exc.retry_after)}) from None
        except (ValidationError, ImageError) as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        except EngineNotReady as exc:
            raise HTTPException(status_code=503, detail=f"The model is not available: {exc}") from None
        except EngineFailed as exc:
            raise HTTPException(status_code=503, detail=str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - a clear message, never a stack trace
            log.exception("request failed", extra={"error_type": type(exc).__name__})
            raise HTTPException(status_code=500,
                                detail=f"Generation failed ({type(exc).__name__}). Please try again.") from None
        return GenerateResponse(description=result.text, report=result.report)

    @router.post("/generate-description/", response_model=GenerateResponse)
    def generate_description(body: GenerateRequest, request: Request) -> GenerateResponse:
        return respond(request, lambda client: service.describe(
            legacy_attributes(body.attributes, body.keywords), client=client))

    @router.post("/generate-from-image/", response_model=GenerateResponse)
    def generate_from_image(
        request: Request, image: UploadFile = File(...), keywords: str | None = Form(default=None)
    ) -> GenerateResponse:
        data = image.file.read(MAX_BYTES + 1)  # one byte past the limit is enough to refuse
        return respond(request, lambda client: service.describe_image(data, {"keywords": keywords}, client=client))

    return router


def create_app(settings: Settings | None = None, service: DescriptionService | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    if service is None:
        service = DescriptionService(settings)
        service.load()

    app = FastAPI(title="Product Description Generator", docs_url="/docs")
    app.state.service = service
    limiter = RateLimiter(settings.rate_limit)

    @app.get("/health", tags=["operations"])
    def health() -> JSONResponse:
        """Overall status (ok, degraded or error) and, per model, whether it loaded or why not."""
        body = service.health()
        return JSONResponse(body, status_code=503 if body["status"] == "error" else 200)

    @app.get("/metrics", tags=["operations"], response_class=Response)
    def prometheus_metrics() -> Response:
        """Prometheus text exposition of the app's counters, gauges and histograms."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/info", tags=["operations"])
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

    app.include_router(legacy_routes(service, limiter))
    app.add_middleware(RequestMetricsMiddleware)
    demo = build_ui(service, limiter)
    demo.queue(default_concurrency_limit=1, max_size=64)
    metrics.QUEUE_DEPTH.set_function(lambda: len(demo._queue))
    # Gradio refuses uploads past this hard cap; the image loader gives a precise message below it.
    return gr.mount_gradio_app(app, demo, path="/", footer_links=["api"], max_file_size="25mb")


def main() -> None:
    import uvicorn

    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    settings = Settings.from_env()
    uvicorn.run(create_app(settings), host=settings.server_name, port=settings.server_port, log_config=None)


if __name__ == "__main__":
    main()