"""The one entry point that every tab, route and batch job calls.

`DescriptionService` is a facade. For each request it validates the input (product.py), picks the
text variant and engine (engines/engine_set.py), looks in the response cache (cache.py), runs the
quality pipeline (quality/pipeline.py), records the metrics (metrics.py) and builds the report.
"""
from __future__ import annotations

import dataclasses
import functools
import secrets
import time
from collections.abc import Generator, Iterator, Mapping
from typing import Any

from . import metrics, photos
from .cache import ResponseCache, cache_key
from .channels import listing
from .colors import TABLE as COLOR_TABLE
from .engines.engine_set import ROLES, VARIANT_ROLES, EngineSet, ModelStatus
from .engines.text import TextEngine
from .engines.vision import Detection, VisionEngine
from .events import Partial, Result
from .formats import render
from .images import ImageSource, load_image
from .models import ArtifactSet
from .product import MAX_SEED, Product, Style, parse_seed, parse_variants
from .prompts import EDITOR_FORMAT_VERSION, PHRASE_FORMAT_VERSION, PROMPT_VERSION, WRITER_FORMAT_VERSION
from .provenance import APP_VERSION, git_commit
from .quality import Candidate, QualityPipeline, Written, glossary
from .quality.factcheck import LINT_KINDS
from .quality.guard import GUARD_KINDS
from .quality.nlp import info as nlp_info
from .quality.seo import seo_fields
from .settings import Settings
from .textsafety import strip_markup

__all__ = ["DescriptionService", "Partial", "Result"]


class DescriptionService:
    def __init__(
        self, settings: Settings, text_engine: TextEngine | None = None, vision_engine: VisionEngine | None = None,
        text_engine_b: TextEngine | None = None,
    ):
        self.settings = settings
        self.engines = EngineSet(settings, text_engine, vision_engine, text_engine_b)
        self.quality = QualityPipeline(settings.best_of, settings.draft_budget, settings.text_strategy,
                                       settings.voice_candidates, settings.writer_candidates,
                                       settings.writer_temperature)
        self.cache = ResponseCache(settings.cache_size, settings.cache_dir or None)
        self._color_table = self.engines.artifacts.paths.get("colors.tsv", COLOR_TABLE)
        metrics.init_series(self.engines.text_engines, LINT_KINDS, GUARD_KINDS)

    # -- the engine set, as the app, the evals and the tests see it ----------------------------------

    @property
    def text_engine(self) -> TextEngine:
        return self.engines.text_engines["A"]

    @property
    def text_engines(self) -> dict[str, TextEngine]:
        return self.engines.text_engines

    @property
    def vision_engine(self) -> VisionEngine:
        return self.engines.vision_engine

    @property
    def artifacts(self) -> ArtifactSet:
        return self.engines.artifacts

    @property
    def status(self) -> dict[str, ModelStatus]:
        return self.engines.status

    def load(self, roles: tuple[str, ...] = ROLES, background: tuple[str, ...] = (), start: bool = True) -> None:
        """Load the models once. A failure is recorded for /health, never raised. Roles in `background` load
        in a thread (the server's vision model), started now or, with `start` False, by
        `engines.start_background()`; a photo that comes first waits for it."""
        self.engines.on_load = metrics.record_model_load
        self.engines.load(roles, defer=self.quality.unneeded_model, background=background, start=start)
        if self.settings.warmup and "text" in roles:
            self.quality.warm_up(self.text_engine if self.status["text"].loaded else None)

    def route(self, client: str | None) -> str:
        return self.engines.route(client)

    def health(self) -> dict[str, Any]:
        return self.engines.health()

    def provenance(self) -> dict[str, Any]:
        return self.engines.provenance()

    # -- photos ----------------------------------------------------------------------------------------

    def analyze_image(self, source: ImageSource) -> Detection:
        """Detected product attributes of a photo. Raises ImageError for a bad file."""
        image = load_image(source)
        self.engines.require("vision", load=True)
        metrics.record_request("image")
        try:
            detection = photos.analyze(self.engines.vision_engine, image, self._color_table)
        except Exception as exc:
            metrics.record_error("image", exc)
            raise
        metrics.record_image_analysis(detection.model["seconds"])
        return detection

    def describe_image_stream(
        self,
        source: ImageSource,
        given: Mapping[str, Any] | None = None,
        style: Style | Mapping[str, Any] | None = None,
        seed: int | None = None,
        variants: int = 1,
        client: str | None = None,
    ) -> Iterator[Partial | Result]:
        """Analyse a photo, merge what the merchant gave, and describe. The Result's report has `detected`."""
        detection = self.analyze_image(source)
        product = photos.photo_product(detection, given or {})
        for event in self.describe_stream(product, style, seed=seed, variants=variants, client=client):
            if isinstance(event, Result):
                event.report["detected"] = detection.as_dict()
            yield event

    def describe_image(self, source: ImageSource, given: Mapping[str, Any] | None = None,
                       style: Style | Mapping[str, Any] | None = None, **options: Any) -> Result:
        return _final(self.describe_image_stream(source, given, style, **options))

    # -- text ------------------------------------------------------------------------------------------

    def describe(self, product: Product | Mapping[str, Any], style: Style | Mapping[str, Any] | None = None,
                 **options: Any) -> Result:
        """describe_stream without the streaming: the final Result. Options: seed, variants, client, variant."""
        return _final(self.describe_stream(product, style, **options))

    def describe_stream(
        self,
        product: Product | Mapping[str, Any],
        style: Style | Mapping[str, Any] | None = None,
        seed: int | None = None,
        variants: int = 1,
        client: str | None = None,
        variant: str | None = None,
        avoid_openings: frozenset[str] | None = None,
    ) -> Iterator[Partial | Result]:
        """Validate, write verified variants and report. Yields Partial text, then one Result.

        `seed` None (or -1) picks one at random, so asking again writes a new text; a given seed repeats
        its text (from the response cache when it holds it). The report's `seed` repeats a random one.
        `client` (a session, user or IP) picks the A/B variant, stickily; `variant` forces one (evals).
        `avoid_openings`: opening frames a batch has used enough (sameness.OpeningSpread).
        Raises ValidationError for bad input and EngineNotReady when the model failed to load.
        """
        product, style = _as_product(product), _as_style(style)
        glossary.validate(product, style)
        if avoid_openings:
            style = dataclasses.replace(style, avoid_openings=frozenset(avoid_openings))
        variants, seed = parse_variants(variants), parse_seed(seed)
        label, engine = self.engines.pick(variant, client)
        metrics.record_request("text", label)
        started = time.perf_counter()
        random_seed = seed is None
        seed = secrets.randbelow(MAX_SEED + 1) if seed is None else seed
        key = self._cache_key(engine, product, style, seed, variants)
        cached = None if random_seed else self.cache.get(key)
        if cached is not None:
            report = {**cached["report"], "cache": {"hit": True, "seconds": round(time.perf_counter() - started, 4)}}
            yield Partial(cached["text"])
            yield Result(text=cached["text"], report=report, product=product, style=style)
            return
        self.engines.require(VARIANT_ROLES[label], load=not self.quality.unneeded_model(engine))
        try:
            written = yield from _without_markup(self.quality.write(  # from the facts the glossary allows
                engine, glossary.without_banned(product, style), style, seed, variants,
                on_draft=functools.partial(_record_draft, label)))
        except Exception as exc:
            metrics.record_error("text", exc, label)
            raise
        seconds = time.perf_counter() - started
        best = written.best
        metrics.record_generation(label, seconds, best.prose_coverage, best.check.coverage)
        metrics.record_guard(best.repaired.guarded)
        report = self._report(engine.info(), label, product, style, seed, seconds, written)
        text, removed = strip_markup(best.repaired.text)  # the text as checked never carries markup
        if removed:
            report["markup_removed"] = removed
        # html and markdown are rendered from the checked prose and facts, every piece escaped (formats.py)
        text = render(style.format, strip_markup(best.repaired.prose)[0], best.repaired.bullets, text)
        if style.channel != "shop":  # the channel's own description (plain, within its limit); its title and
            report["listing"] = listing(style.channel, product, strip_markup(best.repaired.prose)[0],
                                        banned=style.banned).as_dict()
            text = report["listing"]["description"]  # bullets are in the report's listing
        self.cache.put(key, {"text": text, "report": report})
        yield Partial(text)
        yield Result(text=text, report={**report, "cache": {"hit": False}}, product=product, style=style)

    def _cache_key(self, engine: TextEngine, product: Product, style: Style, seed: int | None, variants: int) -> str:
        # Everything that changes a text: the inputs, the model and adapter, how the text is written (strategy,
        # candidates, budgets, prompt formats), and the code that writes it (the app's version and commit, which
        # cover the templates and the realizer), so a CACHE_DIR cache never serves text from before an upgrade.
        model = engine.info()
        settings = self.settings
        return cache_key(product=product.as_dict(), style=style.as_dict(), seed=seed, variants=variants,
                         model=[model.get("engine"), model.get("model"), model.get("sha256"), model.get("revision"),
                                model.get("commit"), model.get("adapter", {}).get("sha256")],
                         prompt_version=PROMPT_VERSION, writer_format=WRITER_FORMAT_VERSION,
                         editor_format=EDITOR_FORMAT_VERSION, phrase_format=PHRASE_FORMAT_VERSION,
                         strategy=self.quality.strategy_for(engine), best_of=settings.best_of,
                         draft_budget=settings.draft_budget, voice_candidates=settings.voice_candidates,
                         writer_candidates=settings.writer_candidates, writer_temperature=settings.writer_temperature,
                         app=[APP_VERSION, git_commit(settings.git_commit)])

    def _report(self, engine_info: dict[str, Any], label: str, product: Product, style: Style, seed: int,
                seconds: float, written: Written) -> dict[str, Any]:
        model = engine_info["model"]
        best = written.ranked[0]
        report: dict[str, Any] = {
            "engine": engine_info["engine"],
            "model": model,
            "variant": label,
            "prompt_version": PROMPT_VERSION,
            "strategy": best.best.strategy,
            "written_by": written_by(best.best.strategy, engine_info, best.best.drafted),
            "seconds": round(seconds, 3),
            "tokens": written.tokens,
            "tokens_per_second": written.tokens_per_second,
            "words": best.best.check.words,
            "target_words": style.target_words,
            "seed": seed,
            "product": product.as_dict(),  # the facts as validated, emoji and all, exactly as given
            "style": style.as_dict(),
            "check": self.quality.check_report(best, style, model),
            "seo": seo_fields(product, best.best.repaired.prose, style.banned).as_dict(),
            "provenance": self.provenance(),
        }
        terms = glossary.report(best.best.repaired.prose, product, style)
        if terms is not None:
            report["check"]["glossary"] = terms
        if len(written.outcomes) > 1:
            report["variants"] = self.quality.variants_report(written, style, model)
            for entry in report["variants"]:
                if isinstance(entry.get("text"), str):
                    entry["text"] = strip_markup(entry["text"])[0]
        return report


def written_by(strategy: str, engine_info: dict[str, Any], drafted: int) -> dict[str, Any]:
    """What wrote the text: the fine-tuned writer (its model and adapter), the template realizer (and the model
    only where it drafted voice lines), or the free strategy's model. The checker's spaCy pipeline checked it."""
    model = {"model": engine_info.get("model"), "sha256": engine_info.get("sha256")}
    adapter = engine_info.get("adapter")
    out: dict[str, Any] = {"checker": nlp_info()["model"]}
    if strategy == "writer":
        out.update(writer="fine-tuned writer", **model, adapter=adapter)
    elif strategy == "edit":
        out.update(writer="fine-tuned editor of the template realizer's draft", **model, adapter=adapter)
    elif strategy == "phrase":
        out.update(writer="fine-tuned phraser (a sentence a fact, checked word by word) and the template realizer",
                   **model, adapter=adapter)
    elif strategy == "grounded":
        out.update(writer="template realizer", model=model["model"] if drafted else None, adapter=None)
    else:
        out.update(writer="language model, repaired by the realizer", **model, adapter=adapter)
    return out


def _record_draft(label: str, candidate: Candidate) -> None:
    metrics.record_draft(label, candidate.tokens, len(candidate.repaired.removed_claims),
                         [finding["kind"] for finding in candidate.repaired.removed_lint])


def _without_markup(events: Generator[Partial, None, Any]) -> Generator[Partial, None, Any]:
    """The pipeline's stream with any HTML tag taken out of the text so far; returns what it returns."""
    try:
        while True:
            try:
                event = next(events)
            except StopIteration as stop:
                return stop.value
            yield dataclasses.replace(event, text=strip_markup(event.text)[0]) if isinstance(event, Partial) else event
    finally:
        events.close()


def _as_product(product: Product | Mapping[str, Any]) -> Product:
    return product if isinstance(product, Product) else Product.parse(product)


def _as_style(style: Style | Mapping[str, Any] | None) -> Style:
    return style if isinstance(style, Style) else Style.parse(style or {})


def _final(events: Iterator[Partial | Result]) -> Result:
    result = None
    for event in events:  # the last event is the Result
        result = event
    if not isinstance(result, Result):
        raise RuntimeError("the description stream ended without a result")
    return result
