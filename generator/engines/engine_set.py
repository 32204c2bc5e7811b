"""The engines the service runs on: built from the settings, loaded once, with health, A/B routing
and provenance.

Roles: `text` (variant A), `text_b` (variant B, when AB_SHARE > 0) and `vision`. A model that fails
to load, or whose files fail their manifest check, is recorded for /health and never served.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import ocr
from ..errors import EngineNotReady, ValidationError
from ..models import REPO_ROOT, ArtifactSet, dvc_md5, resolve_artifacts
from ..prompts import PROMPT_VERSION
from ..provenance import APP_VERSION, git_commit
from ..settings import Settings
from .text import TextEngine, create_text_engine
from .vision import VisionEngine, create_vision_engine

log = logging.getLogger(__name__)

ROLES = ("text", "vision", "text_b")
VARIANT_ROLES = {"A": "text", "B": "text_b"}


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


def _models_dir(settings: Settings) -> Path | None:
    if not settings.models_dir:
        return None
    path = Path(settings.models_dir)
    return path if path.is_absolute() else REPO_ROOT / path


class EngineSet:
    def __init__(
        self, settings: Settings, text_engine: TextEngine | None = None, vision_engine: VisionEngine | None = None,
        text_engine_b: TextEngine | None = None,
    ):
        self.settings = settings
        self.artifacts: ArtifactSet = resolve_artifacts(_models_dir(settings))
        self.text_engines: dict[str, TextEngine] = {"A": text_engine or create_text_engine(settings, self.artifacts)}
        self.vision_engine: VisionEngine = vision_engine or create_vision_engine(settings, self.artifacts)
        if settings.ab_share > 0:
            self.text_engines["B"] = text_engine_b or create_text_engine(settings.variant_b())
        self.status: dict[str, ModelStatus] = {"text": ModelStatus(), "vision": ModelStatus()}
        if "B" in self.text_engines:
            self.status["text_b"] = ModelStatus()
        self.dvc_md5 = dvc_md5()

    def _engine(self, role: str) -> TextEngine | VisionEngine | None:
        return self.vision_engine if role == "vision" else self.text_engines.get("B" if role == "text_b" else "A")

    def load(self, roles: tuple[str, ...] = ROLES) -> None:
        """Load the models once. A failure is recorded for /health, never raised."""
        for role in roles:
            engine = self._engine(role)
            if engine is not None:
                self._load(role, engine)

    def _load(self, role: str, engine: TextEngine | VisionEngine) -> None:
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
        log.info("model loaded", extra={"role": role, "seconds": round(seconds, 3)})

    def require(self, role: str) -> None:
        """Raise EngineNotReady when the model of `role` failed to load."""
        status = self.status[role]
        if not status.loaded and status.reason:
            raise EngineNotReady(f"the {role} model did not load: {status.reason}")

    def route(self, client: str | None) -> str:
        """The A/B variant for a client: sticky, since it hashes the client's id (a session, user or IP)."""
        if "B" not in self.text_engines:
            return "A"
        if client is None:
            return "B" if secrets.randbelow(10_000) < self.settings.ab_share * 10_000 else "A"
        bucket = int(hashlib.sha256(client.encode()).hexdigest()[:8], 16) / 0x1_0000_0000
        return "B" if bucket < self.settings.ab_share else "A"

    def pick(self, variant: str | None, client: str | None) -> tuple[str, TextEngine]:
        """The text variant and engine for a request: `variant` when forced (evals), else the client's route."""
        if variant is not None and variant not in self.text_engines:
            raise ValidationError("variant", f"must be one of {', '.join(self.text_engines)}; got {variant!r}")
        label = variant or self.route(client)
        return label, self.text_engines[label]

    def health(self) -> dict[str, Any]:
        models = {role: status.as_dict() for role, status in self.status.items()}
        loaded = [status.loaded for status in self.status.values()]
        state = "ok" if all(loaded) else ("degraded" if any(loaded) else "error")
        return {"status": state, "models": models, "model_files": self.artifacts.as_dict(),
                "models_dvc_md5": self.dvc_md5, "ocr": {"available": ocr.available()}}

    def provenance(self) -> dict[str, Any]:
        return {
            "app_version": APP_VERSION,
            "git_commit": git_commit(self.settings.git_commit),
            "prompt_version": PROMPT_VERSION,
            "models_dvc_md5": self.dvc_md5,
            "model_files": self.artifacts.source,
            "text_model": self.text_engines["A"].info(),
            "vision_model": self.vision_engine.info(),
            **({"text_model_b": self.text_engines["B"].info(), "ab_share": self.settings.ab_share}
               if "B" in self.text_engines else {}),
        }
