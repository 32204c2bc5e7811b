"""The Gradio API's handlers: /describe, /analyze_image, /describe_image and /describe_batch.

Each handler's parameters are the API's parameter names (gradio_client and the auto API docs read
the signature), so keep them and their order. `observed` wraps a handler with the request
metrics and the error mapping. Handlers call the service only.
"""
from __future__ import annotations

import functools
import inspect
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from .. import metrics
from ..batch import run_batch
from ..channels import listing_markdown
from ..errors import BatchError, kind_of
from ..events import Partial, Result
from ..photos import detected_facts
from ..quality.scorecard import scorecard_markdown, seo_markdown
from ..ratelimit import RateLimiter
from ..service import DescriptionService
from .errors import gradio_error

Outputs = tuple[str, dict[str, Any]]
HANDOVERS = 4  # partial results handed to Gradio during a batch (after each quarter of its rows)

def batch_root() -> Path:
    """The one folder that every batch's work folder lives in (each removed when its batch ends)."""
    root = Path(tempfile.gettempdir()) / "product-description-batches"
    root.mkdir(exist_ok=True)
    return root


def observed(endpoint: str, handler: Callable[..., Any]) -> Callable[..., Iterator[Any]]:
    """Count, time and error-map a Gradio handler, streaming (generator) or not."""
    streaming = inspect.isgeneratorfunction(handler)

    @functools.wraps(handler)  # keeps the signature, so the auto API names every parameter
    def run(*args: Any, **kwargs: Any) -> Iterator[Any]:
        started = time.perf_counter()
        outcome = "ok"
        try:
            with metrics.in_flight():
                if streaming:
                    yield from handler(*args, **kwargs)
                else:
                    yield handler(*args, **kwargs)
        except gr.Error:
            outcome = "invalid"
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes a clear message (errors.KINDS)
            outcome = kind_of(exc).outcome
            raise gradio_error(exc) from None
        finally:
            metrics.record_api_call("gradio", endpoint, outcome, time.perf_counter() - started)

    return run


def client_id(request: gr.Request | None) -> str:
    """Who a request counts against for rate limits and A/B routing: the logged-in user, else the IP."""
    if request is None:
        return "local"
    return request.username or (request.client.host if request.client else "unknown")


def _outputs(events: Iterator[Partial | Result]) -> Iterator[Outputs]:
    for event in events:
        yield (event.text, {}) if isinstance(event, Partial) else (event.text, event.report)


def describe_handler(service: DescriptionService, limiter: RateLimiter) -> Callable[..., Iterator[Outputs]]:
    def describe(
        name: str, category: str | None = None, brand: str | None = None, features: str | None = None,
        materials: str | None = None, color: str | None = None, size: str | None = None,
        audience: str | None = None, keywords: str | None = None,
        tone: str = "friendly", length: str = "medium", language: str = "English",
        variants: int = 1, seed: int | None = None, format: str = "prose",  # the API parameter name
        channel: str = "shop", banned: str | None = None, required: str | None = None,
        request: gr.Request | None = None,
    ) -> Iterator[Outputs]:
        client = client_id(request)
        limiter.check(client)
        product = dict(name=name, category=category, brand=brand, features=features, materials=materials,
                       color=color, size=size, audience=audience, keywords=keywords)
        style = dict(tone=tone, length=length, language=language, format=format, channel=channel, banned=banned,
                     required=required)
        yield from _outputs(service.describe_stream(product, style, seed=seed, variants=variants, client=client))

    return describe


def analyze_image_handler(service: DescriptionService, limiter: RateLimiter) -> Callable[..., dict[str, Any]]:
    def analyze_image(image: str, request: gr.Request | None = None) -> dict[str, Any]:
        limiter.check(client_id(request))
        return service.analyze_image(image).as_dict()

    return analyze_image


def describe_image_handler(service: DescriptionService, limiter: RateLimiter) -> Callable[..., Iterator[Outputs]]:
    def describe_image(
        image: str, name: str | None = None, category: str | None = None, brand: str | None = None,
        features: str | None = None, materials: str | None = None, color: str | None = None,
        size: str | None = None, audience: str | None = None, keywords: str | None = None,
        tone: str = "friendly", length: str = "medium", language: str = "English",
        variants: int = 1, seed: int | None = None, text_seen: str | None = None, caption: str | None = None,
        format: str = "prose",  # shadows the builtin: it is the API parameter name
        channel: str = "shop", banned: str | None = None, required: str | None = None,
        request: gr.Request | None = None,
    ) -> Iterator[Outputs]:
        client = client_id(request)
        limiter.check(client)
        given = dict(name=name, category=category, brand=brand, features=features, materials=materials,
                     color=color, size=size, audience=audience, keywords=keywords,
                     text_seen=text_seen, caption=caption)
        style = dict(tone=tone, length=length, language=language, format=format, channel=channel, banned=banned,
                     required=required)
        yield from _outputs(service.describe_image_stream(image, given, style, seed=seed, variants=variants,
                                                          client=client))

    return describe_image


def describe_batch_handler(service: DescriptionService) -> Callable[..., Iterator[str]]:
    def describe_batch(
        file: str, tone: str = "friendly", length: str = "medium", language: str = "English",
        overwrite: bool = False, use_description: bool = False, banned: str | None = None,
        required: str | None = None, progress: gr.Progress = gr.Progress(), request: gr.Request | None = None,  # noqa: B008 - Gradio injects these
    ) -> Iterator[str]:
        if not file:
            raise BatchError("no CSV was uploaded")
        stem = Path(file).stem.removesuffix("-described")  # a resumed result keeps its name
        work = Path(tempfile.mkdtemp(prefix="batch-", dir=batch_root()))
        out = work / f"{stem}-described.csv"
        defaults = {"tone": tone, "length": length, "language": language, "banned": banned, "required": required}
        progress((0, None), desc="Reading the CSV")
        said: list[str] = []  # a shop export's layout, as recognised ("Shopify export: 48 products in 131 rows")
        try:
            for done, total in run_batch(service, file, out, defaults, service.settings.batch_concurrency,
                                         client=client_id(request), overwrite=bool(overwrite),
                                         use_description=bool(use_description), on_layout=said.append):
                layout = next((line for line in said if not line.startswith("Sameness")), "")
                if total:  # only the rows without a description count
                    unit = "products" if layout else "rows"
                    lead = f"{layout}. " if layout else ""
                    progress((done, total), desc=f"{lead}{done} of {total} {unit} described", unit=unit)
                else:
                    progress(1.0, desc="Every row already has a description")
                # Gradio copies every file it is handed into its cache, and each partial result holds every row.
                # So the result goes over after each quarter of the rows and when whole: a stopped run has a
                # partial result to resume from, and the copies stay about 3x the file (one per row grew as the
                # rows squared).
                if done == total or done % -(-total // HANDOVERS) == 0:
                    yield str(out)
            for line in said:
                if line.startswith("Sameness"):
                    gr.Info(line)
        finally:
            shutil.rmtree(work, ignore_errors=True)  # Gradio holds its copies; the work folder is not needed

    return describe_batch


def fill_detected(detected: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """The Image tab's fields from what the photo shows: name, category, colour, printed text, caption."""
    facts = detected_facts(detected)
    return (facts["name"], facts["category"], facts["color"], detected.get("text_seen", ""),
            detected.get("caption", ""))


def render_scorecard(report: dict[str, Any] | None) -> str:
    if not report or "check" not in report:
        return ""
    card = scorecard_markdown(report["check"]) + ("\n" + seo_markdown(report["seo"]) if "seo" in report else "")
    return card + ("\n" + listing_markdown(report["listing"]) if "listing" in report else "")


def render_preview(text: str, report: dict[str, Any] | None) -> Any:
    """The html format shown rendered (it holds only p, ul, li and strong, every fact escaped); hidden otherwise."""
    if report and report.get("style", {}).get("format") == "html" and text:
        return gr.update(value=text, visible=True)
    return gr.update(value="", visible=False)
