"""Every setting the app reads, in one place, from environment variables.

The defaults run offline on the models embedded in PyPI packages.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

TEXT_ENGINES = ("llamacpp", "transformers", "openai")
VISION_ENGINES = ("classifier", "blip", "openai")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    return default if not raw else raw not in ("0", "false", "no", "off")


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


@dataclass(frozen=True)
class Settings:
    text_engine: str = "llamacpp"
    text_model: str = ""  # empty: the embedded SmolLM2 GGUF
    text_model_revision: str = ""
    vision_engine: str = "classifier"
    vision_model: str = ""  # empty: the engine's default
    vision_model_revision: str = ""
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)
    context_size: int = 2048
    server_name: str = "127.0.0.1"
    server_port: int = 7860
    warmup: bool = True
    best_of: int = 3  # drafts per description, at most
    draft_budget: float = 2.0  # tokens for all drafts, as a multiple of one draft's token limit
    vision_base_url: str = ""
    vision_api_key: str = field(default="", repr=False)  # a secret: never logged or shown
    vision_timeout: float = 30.0
    text_base_url: str = ""
    text_api_key: str = field(default="", repr=False)  # a secret: never logged or shown
    text_timeout: float = 30.0
    text_max_retries: int = 2
    text_stream: bool = True
    cache_size: int = 256
    cache_dir: str = ""  # empty: memory only
    ab_share: float = 0.0  # share of clients routed to variant B; 0 turns A/B routing off
    ab_text_engine: str = ""  # variant B's engine; empty: the same as TEXT_ENGINE
    ab_text_model: str = ""
    ab_text_model_revision: str = ""
    ab_text_base_url: str = ""
    ab_text_api_key: str = field(default="", repr=False)
    models_dir: str = "models"  # the DVC-tracked artifact folder, relative to the repo; used when present
    rate_limit: str = "30/minute"  # per client, for interactive requests; empty: no limit
    batch_workers: int = 0  # rows described at once; 0: 4 for a remote engine, else 1

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            text_engine=_choice("TEXT_ENGINE", "llamacpp", TEXT_ENGINES),
            text_model=os.environ.get("TEXT_MODEL", "").strip(),
            text_model_revision=os.environ.get("TEXT_MODEL_REVISION", "").strip(),
            vision_engine=_choice("VISION_ENGINE", "classifier", VISION_ENGINES),
            vision_model=os.environ.get("VISION_MODEL", "").strip(),
            vision_model_revision=os.environ.get("VISION_MODEL_REVISION", "").strip(),
            threads=_int("MODEL_THREADS", os.cpu_count() or 1),
            context_size=_int("TEXT_CONTEXT_SIZE", 2048),
            server_name=os.environ.get("GRADIO_SERVER_NAME", "").strip() or "127.0.0.1",
            server_port=_int("GRADIO_SERVER_PORT", 7860),
            warmup=_flag("MODEL_WARMUP", True),
            best_of=_int("VERIFY_BEST_OF", 3),
            draft_budget=_float("VERIFY_DRAFT_BUDGET", 2.0),
            vision_base_url=os.environ.get("VISION_BASE_URL", "").strip(),
            vision_api_key=os.environ.get("VISION_API_KEY", "").strip(),
            vision_timeout=_float("VISION_TIMEOUT", 30.0),
            text_base_url=os.environ.get("TEXT_BASE_URL", "").strip(),
            text_api_key=os.environ.get("TEXT_API_KEY", "").strip(),
            text_timeout=_float("TEXT_TIMEOUT", 30.0),
            text_max_retries=_int("TEXT_MAX_RETRIES", 2),
            text_stream=_flag("TEXT_STREAM", True),
            cache_size=_int("CACHE_SIZE", 256),
            cache_dir=os.environ.get("CACHE_DIR", "").strip(),
            ab_share=_float("AB_SHARE", 0.0),
            ab_text_engine=_choice("AB_TEXT_ENGINE", os.environ.get("TEXT_ENGINE", "llamacpp").strip().lower() or "llamacpp", TEXT_ENGINES),
            ab_text_model=os.environ.get("AB_TEXT_MODEL", "").strip(),
            ab_text_model_revision=os.environ.get("AB_TEXT_MODEL_REVISION", "").strip(),
            ab_text_base_url=os.environ.get("AB_TEXT_BASE_URL", "").strip(),
            ab_text_api_key=os.environ.get("AB_TEXT_API_KEY", "").strip(),
            models_dir=os.environ.get("MODELS_DIR", "models").strip(),
            rate_limit=os.environ.get("RATE_LIMIT", "30/minute").strip(),
            batch_workers=_int("BATCH_WORKERS", 0),
        )

    def variant_b(self) -> "Settings":
        """The settings of the B text model, for A/B routing."""
        if not 0.0 <= self.ab_share <= 1.0:
            raise ValueError(f"AB_SHARE must be between 0 and 1, got {self.ab_share}")
        return replace(self, text_engine=self.ab_text_engine or self.text_engine, text_model=self.ab_text_model,
                       text_model_revision=self.ab_text_model_revision,
                       text_base_url=self.ab_text_base_url or self.text_base_url,
                       text_api_key=self.ab_text_api_key or self.text_api_key)

    @property
    def batch_concurrency(self) -> int:
        if self.batch_workers > 0:
            return self.batch_workers
        return 4 if self.text_engine == "openai" else 1
