"""The one entry point that every tab, route and batch job calls."""
from __future__ import annotations

import hashlib
import logging
import secrets
from pathlib import Path
import time
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from . import metrics, ocr
from .cache import ResponseCache, cache_key
from .colors import TABLE as COLOUR_TABLE
from .colors import dominant_colours
from .engines.errors import EngineNotReady
from .factcheck import detect_language
from .engines.text import GenerationParams, TextEngine, create_text_engine
from .engines.vision import Detection, VisionEngine, create_vision_engine
from .images import ImageSource, load_image
from .models import REPO_ROOT, dvc_md5, resolve_artifacts
from .postprocess import finish_sentences
from .product import PRODUCT_FIELDS, Product, Style, ValidationError
from .prompts import PROMPT_VERSION, build_messages, max_tokens_for
from .provenance import APP_VERSION, git_commit
from .selection import MIN_DISTINCT, MIN_PROSE_SHARE, Candidate, distinct_share, evaluate
from .settings import Settings

log = logging.getLogger(__name__)

MAX_SEED = 2**31 - 3001  # variants and candidates add offsets to the seed
STREAM_INTERVAL = 0.1  # seconds between streamed updates of a draft


@dataclass
class ModelStatus:
    loaded: bool = False
    reason: str = ""
    load_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"loaded": self.loaded, "load_seconds": round(self.load_seconds, 3)}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class Partial:
    """Text so far, while a description is being written."""

    text: str


@dataclass
class Result:
    text: str
    report: dict[str, Any]
    product: Product
    style: Style

    @property
    def timings(self) -> dict[str, float]:
        """Seconds spent on this answer: the cache lookup on a hit, else the whole generation."""
        cache = self.report.get("cache", {})
        return {"cache": cache["seconds"]} if cache.get("hit") else {"generate": self.report["seconds"]}


def _as_product(product: Product | Mapping[str, Any]) -> Product:
    return product if isinstance(product, Product) else Product.parse(product)


def _as_style(style: Style | Mapping[str, Any] | None) -> Style:
    if isinstance(style, Style):
        return style
    return Style.parse(style or {})


def _models_dir(settings: Settings) -> Path | None:
    if not settings.models_dir:
        return None
    path = Path(settings.models_dir)
    return path if path.is_absolute() else REPO_ROOT / path


def photo_product(detection: Detection, given: Mapping[str, Any]) -> dict[str, Any]:
    """The product facts for a photo: what the merchant gave, else what the photo shows.

    A field given as None was not given, so the detected value fills it. A field given as ''
    was cleared by the merchant on purpose and stays empty.
    """
    product = {key: given.get(key) for key in PRODUCT_FIELDS if given.get(key) is not None}
    detected = {
        "name": detection.labels[0]["name"] if detection.labels else detection.caption,
        "category": detection.category,
        "color": " and ".join(detection.colors[:2]),
    }
    for key, value in detected.items():
        if given.get(key) is None and value:
            product[key] = value
    extra = []
    for key, template in (("text_seen", 'printed text "{}"'), ("caption", "{}")):
        value = detection.as_dict()[key] if given.get(key) is None else given[key]
        if value:
            extra.append(template.format(value))
    if extra:
        features = product.get("features") or []
        product["features"] = ([features] if isinstance(features, str) else list(features)) + extra
    if not product.get("name"):
        raise ValidationError("name", "the product could not be recognised in the photo; please type its name")
    return product


class DescriptionService:
    def __init__(
        self, settings: Settings, text_engine: TextEngine | None = None, vision_engine: VisionEngine | None = None,
        text_engine_b: TextEngine | None = None,
    ):
        self.settings = settings
        self.artifacts = resolve_artifacts(_models_dir(settings))
        self.text_engine = text_engine or create_text_engine(settings, self.artifacts)
        self.vision_engine = vision_engine or create_vision_engine(settings, self.artifacts)
        self.text_engines: dict[str, TextEngine] = {"A": self.text_engine}
        if settings.ab_share > 0:
            self.text_engines["B"] = text_engine_b or create_text_engine(settings.variant_b())
        self._colour_table = self.artifacts.paths.get("colors.tsv", COLOUR_TABLE)
        self._dvc_md5 = dvc_md5()
        self.status: dict[str, ModelStatus] = {"text": ModelStatus(), "vision": ModelStatus()}
        if "B" in self.text_engines:
            self.status["text_b"] = ModelStatus()
        self.cache = ResponseCache(settings.cache_size, settings.cache_dir or None)

    def load(self, roles: tuple[str, ...] = ("text", "vision", "text_b")) -> None:
        """Load the models once. A failure is recorded for /health, never raised."""
        engines = {"text": self.text_engine, "vision": self.vision_engine, "text_b": self.text_engines.get("B")}
        for role in roles:
            if engines[role] is not None:
                self._load(role, engines[role])
        if self.settings.warmup and "text" in roles:
            detect_language("A warm-up sentence loads the language models once, at start-up.")

    def route(self, client: str | None) -> str:
        """The A/B variant for a client: sticky, since it hashes the client's id (a session, user or IP)."""
        if "B" not in self.text_engines:
            return "A"
        if client is None:
            return "B" if secrets.randbelow(10_000) < self.settings.ab_share * 10_000 else "A"
        bucket = int(hashlib.sha256(client.encode()).hexdigest()[:8], 16) / 0x1_0000_0000
        return "B" if bucket < self.settings.ab_share else "A"

    def _load(self, role: str, engine: Any) -> None:
        if role in self.artifacts.errors:  # never serve a file that does not match its manifest
            reason = self.artifacts.errors[role]
            log.error("model files failed verification", extra={"role": role, "error": reason})
            self.status[role] = ModelStatus(loaded=False, reason=reason)
            return
        started = time.perf_counter()
        try:
            engine.load()
            if self.settings.warmup:
                engine.warmup()
        except Exception as exc:  # noqa: BLE001 - any load failure must leave the app serving
            log.error("model load failed", extra={"role": role, "error": str(exc)})
            self.status[role] = ModelStatus(loaded=False, reason=f"{type(exc).__name__}: {exc}")
            return
        seconds = time.perf_counter() - started
        self.status[role] = ModelStatus(loaded=True, load_seconds=seconds)
        metrics.MODEL_LOAD_SECONDS.labels(model=role).set(seconds)
        log.info("model loaded", extra={"role": role, "seconds": round(seconds, 3)})

    def _require(self, role: str) -> None:
        status = self.status[role]
        if not status.loaded and status.reason:
            raise EngineNotReady(f"the {role} model did not load: {status.reason}")

    def health(self) -> dict[str, Any]:
        models = {role: status.as_dict() for role, status in self.status.items()}
        loaded = [status.loaded for status in self.status.values()]
        state = "ok" if all(loaded) else ("degraded" if any(loaded) else "error")
        return {"status": state, "models": models, "model_files": self.artifacts.as_dict(),
                "models_dvc_md5": self._dvc_md5, "ocr": {"available": ocr.available()}}

    def provenance(self) -> dict[str, Any]:
        return {
            "app_version": APP_VERSION,
            "git_commit": git_commit(),
            "prompt_version": PROMPT_VERSION,
            "models_dvc_md5": self._dvc_md5,
            "model_files": self.artifacts.source,
            "text_model": self.text_engine.info(),
            "vision_model": self.vision_engine.info(),
            **({"text_model_b": self.text_engines["B"].info(), "ab_share": self.settings.ab_share}
               if "B" in self.text_engines else {}),
        }

    def analyze_image(self, source: ImageSource) -> Detection:
        """Detected product attributes of a photo. Raises ImageError for a bad file."""
        image = load_image(source)
        self._require("vision")
        metrics.GENERATION_REQUESTS.labels(type="image", variant="-").inc()
        started = time.perf_counter()
        try:
            detection = self.vision_engine.analyze(image)
        except Exception as exc:
            metrics.GENERATION_ERRORS.labels(type="image", reason=type(exc).__name__, variant="-").inc()
            raise
        detection.colors = detection.colors or dominant_colours(image, table=self._colour_table)
        detection.text_seen = detection.text_seen or ocr.read_text(image)
        seconds = time.perf_counter() - started
        metrics.IMAGE_ANALYSIS_SECONDS.observe(seconds)
        detection.model = {**detection.model, "seconds": round(seconds, 4)}
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
        product = photo_product(detection, given or {})
        for event in self.describe_stream(product, style, seed=seed, variants=variants, client=client):
            if isinstance(event, Result):
                event.report["detected"] = detection.as_dict()
            yield event

    def describe(self, product: Product | Mapping[str, Any], style: Style | Mapping[str, Any] | None = None,
                 **options: Any) -> Result:
        """describe_stream without the streaming: the final Result. Options: seed, variants, client, variant."""
        return _final(self.describe_stream(product, style, **options))

    def describe_image(self, source: ImageSource, given: Mapping[str, Any] | None = None,
                       style: Style | Mapping[str, Any] | None = None, **options: Any) -> Result:
        return _final(self.describe_image_stream(source, given, style, **options))

    def describe_stream(
        self,
        product: Product | Mapping[str, Any],
        style: Style | Mapping[str, Any] | None = None,
        seed: int | None = None,
        variants: int = 1,
        client: str | None = None,
        variant: str | None = None,
    ) -> Iterator[Partial | Result]:
        """Validate, write verified variants and report. Yields Partial text, then one Result.

        `client` (a session, user or IP) picks the A/B variant, stickily; `variant` forces one (evals).
        Raises ValidationError for bad input and EngineNotReady when the model failed to load.
        """
        product, style = _as_product(product), _as_style(style)
        variants = _check_variants(variants)
        seed = _check_seed(seed)
        if variant is not None and variant not in self.text_engines:
            raise ValidationError("variant", f"must be one of {', '.join(self.text_engines)}; got {variant!r}")
        label = variant or self.route(client)
        engine = self.text_engines[label]
        metrics.GENERATION_REQUESTS.labels(type="text", variant=label).inc()
        started = time.perf_counter()
        key = self._cache_key(engine, product, style, seed, variants)
        cached = self.cache.get(key)
        if cached is not None:
            report = {**cached["report"], "cache": {"hit": True, "seconds": round(time.perf_counter() - started, 4)}}
            yield Partial(cached["text"])
            yield Result(text=cached["text"], report=report, product=product, style=style)
            return
        self._require("text" if label == "A" else "text_b")
        if seed is None:
            seed = secrets.randbelow(MAX_SEED + 1)
        chosen: list[Candidate] = []
        drafts: list[Candidate] = []
        try:
            for index in range(variants):
                variant_seed = seed + 1000 * index
                best, tried = yield from self._best_of_n(engine, label, product, style, variant_seed, chosen,
                                                         stream=index == 0)
                chosen.append(best)
                drafts += tried
        except Exception as exc:
            metrics.GENERATION_ERRORS.labels(type="text", reason=type(exc).__name__, variant=label).inc()
            raise
        seconds = time.perf_counter() - started
        ranked = sorted(chosen, key=lambda candidate: candidate.score, reverse=True)
        best = ranked[0]
        tokens = sum(candidate.tokens for candidate in drafts)
        metrics.GENERATION_SECONDS.labels(variant=label).observe(seconds)
        metrics.COVERAGE.labels(stage="prose", variant=label).observe(best.prose_coverage)
        metrics.COVERAGE.labels(stage="final", variant=label).observe(best.check.coverage)
        engine_info = engine.info()
        report = {
            "engine": engine_info["engine"],
            "model": engine_info["model"],
            "variant": label,
            "prompt_version": PROMPT_VERSION,
            "seconds": round(seconds, 3),
            "tokens": tokens,
            "tokens_per_second": round(tokens / sum(c.seconds for c in drafts), 1) if tokens else 0.0,
            "words": best.check.words,
            "target_words": style.target_words,
            "seed": seed,
            "style": style.as_dict(),
            "check": self._check_dict(best, style, drafts, engine_info["model"]),
            "provenance": self.provenance(),
        }
        if variants > 1:
            report["variants"] = [
                {"text": c.repaired.text, "seed": c.seed, "score": round(c.score, 3),
                 "distinct_share": round(distinct_share(c.repaired.prose, [o.repaired.prose for o in chosen if o is not c]), 3),
                 "check": self._check_dict(c, style, drafts, engine_info["model"])}
                for c in ranked
            ]
        self.cache.put(key, {"text": best.repaired.text, "report": report})
        report = {**report, "cache": {"hit": False}}
        yield Partial(best.repaired.text)
        yield Result(text=best.repaired.text, report=report, product=product, style=style)

    def _cache_key(self, engine: TextEngine, product: Product, style: Style, seed: Any, variants: int) -> str:
        model = engine.info()
        return cache_key(product=product.as_dict(), style=style.as_dict(), seed=seed, variants=variants,
                         model=[model.get("engine"), model.get("model"), model.get("sha256"), model.get("revision"),
                                model.get("commit")],
                         prompt_version=PROMPT_VERSION, best_of=self.settings.best_of)

    def _check_dict(self, candidate: Candidate, style: Style, drafts: list[Candidate], model: str) -> dict[str, Any]:
        out = candidate.check.as_dict()
        out["prose_coverage"] = candidate.prose_coverage
        out["prose_words"] = candidate.prose_words
        out["candidates"] = sum(1 for draft in drafts if draft.seed // 1000 == candidate.seed // 1000)
        out["warnings"] = _warnings(candidate, style, model)
        return out

    def _best_of_n(
        self, engine: TextEngine, label: str, product: Product, style: Style, seed: int, earlier: list[Candidate],
        stream: bool,
    ) -> Iterator[Partial]:
        """Draft, repair and score candidates until one is good enough or the token budget is spent.

        Returns (the best candidate, every candidate drafted)."""
        # The budget counts tokens, not seconds, so that a seed always gives the same drafts.
        budget = self.settings.draft_budget * max_tokens_for(style)
        candidates: list[Candidate] = []
        tried: list[Candidate] = []
        for attempt in range(self.settings.best_of):
            spent = sum(c.tokens for c in tried)
            if tried and spent + tried[-1].tokens > budget:
                break
            draft_seed = seed + attempt
            text, tokens, seconds = yield from self._draft(engine, product, style, draft_seed, stream and attempt == 0)
            candidate = evaluate(draft_seed, text, tokens, seconds, product, style)
            tried.append(candidate)
            metrics.UNSUPPORTED_CLAIMS.labels(variant=label).inc(len(candidate.repaired.removed_claims))
            for finding in candidate.repaired.removed_lint:
                metrics.LINT_FINDINGS.labels(kind=finding["kind"]).inc()
            # Variants must differ in their prose; the Key features list is the same facts by design.
            distinct = distinct_share(candidate.repaired.prose, [c.repaired.prose for c in earlier]) >= MIN_DISTINCT
            if distinct:
                candidates.append(candidate)
            if distinct and candidate.good_enough:
                break
        return max(candidates or tried, key=lambda c: c.score), tried

    def _draft(self, engine: TextEngine, product: Product, style: Style, seed: int, stream: bool) -> Iterator[Partial]:
        params = GenerationParams(max_tokens=max_tokens_for(style), seed=seed)
        started = last_update = time.perf_counter()
        text, tokens = "", 0
        for chunk in engine.stream(build_messages(product, style), params):
            text += chunk.text
            tokens += chunk.tokens
            # A few updates a second read as live typing; one per token would cost the UI and queue more.
            if stream and chunk.text and time.perf_counter() - last_update >= STREAM_INTERVAL:
                last_update = time.perf_counter()
                yield Partial(text)
        metrics.GENERATED_TOKENS.inc(tokens)
        return finish_sentences(text), tokens, time.perf_counter() - started


def _final(events: Iterator[Partial | Result]) -> Result:
    result = None
    for result in events:
        pass
    assert isinstance(result, Result)
    return result


def _check_variants(variants: Any) -> int:
    if isinstance(variants, float) and variants.is_integer():
        variants = int(variants)
    if not isinstance(variants, int) or isinstance(variants, bool) or not 1 <= variants <= 3:
        raise ValidationError("variants", f"must be 1, 2 or 3; got {variants!r}")
    return variants


def _check_seed(seed: Any) -> int | None:
    if seed is None or seed == -1:
        return None
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise ValidationError("seed", f"must be a whole number from 0 to {MAX_SEED}; got {seed!r}")
    return seed


def _warnings(candidate: Candidate, style: Style, model: str) -> list[str]:
    warnings = []
    if not candidate.check.language_ok:
        warnings.append(
            f"You asked for {style.language}, but the model ({model}) wrote {candidate.check.language}: "
            f"it cannot write {style.language} well. Choose a multilingual model with TEXT_MODEL."
        )
    if not candidate.check.length_ok:
        low, high = candidate.check.length_band
        warnings.append(f"{candidate.check.words} words, outside the {style.length} band of {low}-{high}.")
    if candidate.prose_words < MIN_PROSE_SHARE * style.target_words:
        warnings.append(f"Only {candidate.prose_words} words of the model's prose passed the checks.")
    if candidate.prose_coverage < 0.5:
        warnings.append("The model's prose missed most attributes; they are listed under Key features.")
    return warnings
