"""The engines the service runs on: built from the settings, loaded once, with health, A/B routing
and provenance.

Roles: `text` (variant A), `text_b` (variant B, when AB_SHARE > 0) and `vision`. A model that fails
to load, or whose files fail their manifest check, is recorded for /health and never served.

A text model fetched over the network (a Hub GGUF, a transformers hub id) loads in the background:
the embedded default serves meanwhile, /health and the UI banner show the download's progress, and
the new model takes over when it is ready. If it cannot be fetched (no network), the embedded model
keeps serving and /health says `degraded`, with the reason.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import ocr
from ..errors import EngineNotReady, ValidationError
from ..models import REPO_ROOT, ArtifactSet, dvc_md5, resolve_artifacts
from ..prompts import PROMPT_VERSION
from ..provenance import APP_VERSION, git_commit
from ..settings import Settings
from .hub import LoadProgress
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
    pending: LoadProgress | None = None  # the configured model, loading in the background
    serving: str = ""  # the stand-in that serves until `pending` is ready
    deferred: str = ""  # why the model, checked but not loaded, waits for the first request that needs it

    @property
    def healthy(self) -> bool:
        """Loaded (or checked and put off until needed), and not standing in for a configured model that failed."""
        return (self.loaded or bool(self.deferred)) and (self.pending is None or self.pending.state != "failed")

    @property
    def loading(self) -> bool:
        return self.pending is not None and self.pending.state not in ("ready", "failed")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"loaded": self.loaded, "load_seconds": round(self.load_seconds, 3)}
        if self.deferred:
            out["deferred"] = self.deferred
        if self.reason:
            out["reason"] = self.reason
        if self.pending is not None:
            out["serving"] = self.serving
            out["requested"] = self.pending.as_dict()
            if self.pending.state == "failed":
                out["reason"] = f"{self.pending.reason}; serving {self.serving} instead"
        return out

    def banner(self) -> str:
        """One line for the UI while a model is loading or standing in; empty when there is nothing to say."""
        if self.pending is not None and self.loading:
            return f"{self.pending.model}: {self.pending.text()}; {self.serving} serves until it is ready"
        if not self.healthy:
            return self.as_dict().get("reason", "not loaded")
        return ""


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
        self._loaders: list[threading.Thread] = []
        self._load_lock = threading.Lock()  # a model put off is loaded once, by the first request that needs it
        self.on_load: Callable[[str, float], None] = lambda role, seconds: None  # told of every model loaded

    def _engine(self, role: str) -> TextEngine | VisionEngine | None:
        return self.vision_engine if role == "vision" else self.text_engines.get("B" if role == "text_b" else "A")

    def load(self, roles: tuple[str, ...] = ROLES, defer: Callable[[TextEngine], str] = lambda engine: "",
             background: tuple[str, ...] = (), start: bool = True) -> None:
        """Load the models once. A failure is recorded for /health, never raised. `defer` says why a text
        engine's model need not load now ('' to load it): its file is checked now and it loads on first need.
        A role in `background` (the server's vision model) loads in a thread while the app starts; a request
        that needs it first waits for that load (`require(role, load=True)`). With `start` False the threads
        wait for `start_background()` (the server calls it once it is up, so the load does not slow start-up)."""
        for role in roles:
            engine = self._engine(role)
            if engine is None:
                continue
            if role in background and not self.artifacts.role_error(role):
                self._load_in_background(role, engine)
            else:
                self._load(role, engine, defer)
        if start:
            self.start_background()

    def start_background(self) -> None:
        """Start the background loads not started yet."""
        for loader in self._loaders:
            if loader.ident is None:
                loader.start()

    def _load_in_background(self, role: str, engine: TextEngine | VisionEngine) -> None:
        self.status[role] = ModelStatus(loaded=False, deferred="loading in the background since start-up")

        def finish() -> None:
            with self._load_lock:  # a request that needs the model meanwhile waits here, then finds it loaded
                if self.status[role].deferred:
                    self.status[role] = self._load_now(role, engine)

        self._loaders.append(threading.Thread(target=finish, name=f"load-{role}", daemon=True))

    def _load(self, role: str, engine: TextEngine | VisionEngine, defer: Callable[[TextEngine], str]) -> None:
        reason = self.artifacts.role_error(role)  # text engines check their own file: there are two GGUFs
        why = defer(engine) if isinstance(engine, TextEngine) and engine.progress is None else ""
        if role == "vision" and reason:  # never serve a file that does not match its manifest
            log.error("model files failed verification", extra={"role": role, "error": reason})
            self.status[role] = ModelStatus(loaded=False, reason=reason)
        elif isinstance(engine, TextEngine) and engine.progress is not None:
            self._load_behind_stand_in(role, engine, engine.progress)
        elif why:
            self.status[role] = self._check_now(role, engine, why)
        else:
            self.status[role] = self._load_now(role, engine)

    def _check_now(self, role: str, engine: TextEngine | VisionEngine, why: str) -> ModelStatus:
        try:
            engine.check()
        except Exception as exc:  # noqa: BLE001 - a bad file is reported on /health, the app keeps serving
            log.error("model check failed", extra={"role": role, "error": str(exc)})
            return ModelStatus(loaded=False, reason=f"{type(exc).__name__}: {exc}")
        log.info("model load put off until a request needs it", extra={"role": role, "why": why})
        return ModelStatus(loaded=False, deferred=why)

    def _load_now(self, role: str, engine: TextEngine | VisionEngine) -> ModelStatus:
        started = time.perf_counter()
        try:
            engine.load()
            if self.settings.warmup:
                engine.warmup()
        except Exception as exc:  # noqa: BLE001 - any load failure must leave the app serving
            log.error("model load failed", extra={"role": role, "error": str(exc)})
            return ModelStatus(loaded=False, reason=f"{type(exc).__name__}: {exc}")
        seconds = time.perf_counter() - started
        log.info("model loaded", extra={"role": role, "seconds": round(seconds, 3)})
        self.on_load(role, seconds)  # at start-up, in the background or on first need (the service's metrics)
        return ModelStatus(loaded=True, load_seconds=seconds)

    def _load_behind_stand_in(self, role: str, engine: TextEngine, progress: LoadProgress) -> None:
        """Serve the embedded default now; load `engine` (a download) in a thread and swap it in when ready."""
        label = "B" if role == "text_b" else "A"
        embedded = self.settings.model_copy(update={"text_engine": "llamacpp", "text_model": ""})
        stand_in = create_text_engine(embedded, self.artifacts)
        self.text_engines[label] = stand_in
        status = self._load_now(role, stand_in)
        status.pending, status.serving = progress, str(stand_in.info()["model"])
        self.status[role] = status
        loader = threading.Thread(target=self._finish_loading, args=(role, label, engine, progress),
                                  name=f"load-{role}", daemon=True)
        self._loaders.append(loader)
        loader.start()

    def _finish_loading(self, role: str, label: str, engine: TextEngine, progress: LoadProgress) -> None:
        status = self._load_now(role, engine)
        if not status.loaded:
            progress.set_state("failed", status.reason)
            log.error("background model load failed; the embedded model keeps serving",
                      extra={"role": role, "error": status.reason})
            return
        progress.set_state("ready")
        self.text_engines[label] = engine  # new requests take the new model; running ones finish on the old
        self.status[role] = status

    def wait_until_loaded(self, timeout: float | None = None) -> bool:
        """Wait for background loads (downloads); True when none is still running."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for loader in [t for t in self._loaders if t.ident is not None]:
            loader.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not any(loader.is_alive() for loader in self._loaders)

    def require(self, role: str, load: bool = False) -> None:
        """Raise EngineNotReady when the model of `role` failed to load. With `load`, a model put off until
        needed loads now (once; a failure is recorded like one at start-up)."""
        if load and self.status[role].deferred:
            with self._load_lock:
                if self.status[role].deferred:
                    engine = self._engine(role)
                    if engine is not None:  # a status exists only for an engine
                        self.status[role] = self._load_now(role, engine)
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
        """`ok` while a download runs (the embedded model serves); `degraded` when a model is missing or a
        download failed; `error` when nothing loaded. `loading` lists the downloads and their progress."""
        models = {role: status.as_dict() for role, status in self.status.items()}
        statuses = self.status.values()
        state = "ok" if all(s.healthy for s in statuses) else (
            "degraded" if any(s.loaded or s.deferred for s in statuses) else "error")
        body = {"status": state, "models": models, "model_files": self.artifacts.as_dict(),
                "models_dvc_md5": self.dvc_md5, "ocr": {"available": ocr.available()}}
        loading = {role: s.pending.text() for role, s in self.status.items() if s.loading and s.pending}
        if loading:
            body["loading"] = loading
        return body

    def banner(self) -> str:
        """What the UI banner says now: models loading, standing in or missing; empty when all is well."""
        return "; ".join(f"{role}: {line}" for role, status in self.status.items() if (line := status.banner()))

    def provenance(self) -> dict[str, Any]:
        """What /info and every report carry: build, prompt, model files with their sha256s, and devices."""
        text, vision = self.text_engines["A"].info(), self.vision_engine.info()
        info: dict[str, Any] = {
            "app_version": APP_VERSION,
            "git_commit": git_commit(self.settings.git_commit),
            "prompt_version": PROMPT_VERSION,
            "models_dvc_md5": self.dvc_md5,
            "model_files": self.artifacts.source,
            "text_model": text,
            "vision_model": vision,
            "device": {"setting": self.settings.device, "text": text.get("device", "cpu"),
                       "vision": vision.get("device", "cpu")},
        }
        if "B" in self.text_engines:
            info |= {"text_model_b": self.text_engines["B"].info(), "ab_share": self.settings.ab_share}
        loading = {role: s.pending.as_dict() for role, s in self.status.items() if s.loading and s.pending}
        if loading:
            info["loading"] = loading
        return info
