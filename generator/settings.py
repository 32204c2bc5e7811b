"""Every setting the app reads, declared once: environment variable, default, range and meaning.

The defaults run offline on the models embedded in PyPI packages. `Settings.from_env()` checks
every value at start-up and raises SettingsError naming the variable; the README's settings
table is generated from these declarations:

    python -m generator.settings --markdown
"""
from __future__ import annotations

import ipaddress
import os
import re
import sys
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .engines import registry
from .engines.device import DEVICES
from .engines.hub import HubFile, is_hub_file

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """A bad environment variable; the message names it."""


def _cores() -> int:
    return os.cpu_count() or 1


def _secret(env: str, meaning: str) -> Any:
    return Field(default=SecretStr(""), validation_alias=env,
                 description=meaning + " (a secret: never logged or shown)")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True, env_ignore_empty=True, str_strip_whitespace=True, validate_by_name=True, validate_by_alias=True,
    )

    text_engine: str = Field("llamacpp", validation_alias="TEXT_ENGINE", description="the text engine",
                             json_schema_extra={"engines": "text"})
    text_model: str = Field("", validation_alias="TEXT_MODEL", description=(
        "llamacpp: empty or `smollm2` (the embedded SmolLM2-135M-Instruct Q4_1 GGUF), `gemma3-270m` (the embedded "
        "Gemma 3 270M Q4_K_M GGUF, a base model), `hf:owner/repo/file.gguf@revision` (a Hub GGUF, downloaded while "
        "the embedded default serves) or a GGUF path; transformers: a hub id (downloaded the same way), local folder "
        "or `.gguf` file (`google/gemma-2b-it` when empty); openai: the served model name"))
    text_model_revision: str = Field("", validation_alias="TEXT_MODEL_REVISION",
                                     description="hub revision for transformers models; empty: `main`")
    text_base_url: str = Field("", validation_alias="TEXT_BASE_URL",
                               description="the OpenAI-compatible server for `TEXT_ENGINE=openai`")
    text_api_key: SecretStr = _secret("TEXT_API_KEY", "the text server's API key")
    text_timeout: float = Field(30.0, validation_alias="TEXT_TIMEOUT", gt=0, le=600,
                                description="seconds to wait for the text server")
    text_max_retries: int = Field(2, validation_alias="TEXT_MAX_RETRIES", ge=0, le=10,
                                  description="retries with backoff on the text server")
    text_stream: bool = Field(True, validation_alias="TEXT_STREAM",
                              description="stream the text server's reply (else one piece)")
    context_size: int = Field(2048, validation_alias="TEXT_CONTEXT_SIZE", ge=256, le=131072,
                              description="llama.cpp context length")
    vision_engine: str = Field("classifier", validation_alias="VISION_ENGINE", description="the vision engine",
                               json_schema_extra={"engines": "vision"})
    vision_model: str = Field("", validation_alias="VISION_MODEL", description=(
        "empty: the engine's default; else weights path for classifier, hub id or path for blip "
        "(`Salesforce/blip-image-captioning-large` when empty), served name for openai"))
    vision_model_revision: str = Field("", validation_alias="VISION_MODEL_REVISION",
                                       description="hub revision for the blip model; empty: `main`")
    vision_base_url: str = Field("", validation_alias="VISION_BASE_URL",
                                 description="the vision-language model server for `VISION_ENGINE=openai`")
    vision_api_key: SecretStr = _secret("VISION_API_KEY", "the vision server's API key")
    vision_timeout: float = Field(30.0, validation_alias="VISION_TIMEOUT", gt=0, le=600,
                                  description="seconds to wait for the vision server")
    vision_max_retries: int = Field(2, validation_alias="VISION_MAX_RETRIES", ge=0, le=10,
                                    description="retries with backoff on the vision server")
    threads: int = Field(default_factory=_cores, validation_alias="MODEL_THREADS", ge=1, le=1024,
                         description="threads for the models", json_schema_extra={"shown_default": "number of cores"})
    device: str = Field("auto", validation_alias="DEVICE", json_schema_extra={"choices": list(DEVICES)}, description=(
        "where the models run: `auto` uses a CUDA GPU when there is one; transformers and BLIP load in bf16/fp16 "
        "there, llama.cpp offloads every layer if its build supports it; `cuda` fails an engine that cannot"))
    warmup: bool = Field(True, validation_alias="MODEL_WARMUP",
                         description="run one token and one photo at start-up so the first request is not slow")
    best_of: int = Field(3, validation_alias="VERIFY_BEST_OF", ge=1, le=10,
                         description="drafts per description, at most")
    text_strategy: Literal["auto", "grounded", "free", "writer", "edit", "phrase"] = Field(
        "auto", validation_alias="TEXT_STRATEGY", description=(
            "how descriptions are written: `writer` drafts `WRITER_CANDIDATES` candidates with the fine-tuned adapter "
            "(`TEXT_ADAPTER`), checks them and keeps the best; `edit` does the same with the editor's adapter, "
            "which rewrites the realizer's draft; `phrase` has the phraser's adapter state each feature and the "
            "materials in a sentence of its own, checked word by word, and the realizer the rest; `grounded` "
            "realizes the facts as sentences from templates (no model call unless `VOICE_CANDIDATES`); `free` lets "
            "the model write and repairs it (capable models); `auto`: writer for llamacpp with an adapter, grounded "
            "for llamacpp without one, free for transformers and openai"))
    text_adapter: str = Field("off", validation_alias="TEXT_ADAPTER", description=(
        "llamacpp: a LoRA adapter in llama.cpp's GGUF format for the writer: `auto` (the adapter shipped for the "
        "embedded model, in generator/data/writer/), `off`, or a file path"))
    writer_candidates: int = Field(4, validation_alias="WRITER_CANDIDATES", ge=1, le=16,
                                   description="writer strategy: candidates drafted in one batch per description")
    writer_temperature: float = Field(0.7, validation_alias="WRITER_TEMPERATURE", ge=0.0, le=2.0,
                                      description="writer strategy: sampling temperature of the candidates")
    # 0 by measurement: on the 41-product dev set two blind raters rated the template lines 95% / 93%
    # publishable, Gemma 3 270M's lines 88% / 85% and SmolLM2's 88% / 83% (their lines add unsupported
    # adjectives: "quiet", "soft", "easy to carry"), at 0.2 s against about 4 s a medium description.
    voice_candidates: int = Field(0, validation_alias="VOICE_CANDIDATES", ge=0, le=16,
                                  description="grounded strategy: opening and closing lines the model drafts per "
                                              "description, judged against the templates' (0: the template lines "
                                              "only, no model call)")
    draft_budget: float = Field(2.0, validation_alias="VERIFY_DRAFT_BUDGET", ge=1.0, le=20.0,
                                description="tokens for all drafts, as a multiple of one draft's token limit")
    cache_size: int = Field(256, validation_alias="CACHE_SIZE", ge=0, le=1_000_000,
                            description="response cache entries; 0 turns the cache off")
    cache_dir: str = Field("", validation_alias="CACHE_DIR",
                           description="a folder that keeps the response cache across restarts; empty: memory only")
    rate_limit: str = Field("30/minute", validation_alias="RATE_LIMIT", description=(
        "per-client limit on interactive requests (`limits` syntax, e.g. `30/minute`); `off` turns it off"))
    batch_workers: int = Field(0, validation_alias="BATCH_WORKERS", ge=0, le=64, description=(
        "rows described at once in a batch; 0: 4 for a remote text engine, else 1"))
    ab_share: float = Field(0.0, validation_alias="AB_SHARE", ge=0.0, le=1.0,
                            description="share of clients routed to text variant B; 0 turns A/B routing off")
    ab_text_engine: str = Field("", validation_alias="AB_TEXT_ENGINE",
                                description="variant B's text engine; empty: the same as `TEXT_ENGINE`",
                                json_schema_extra={"engines": "text"})
    ab_text_model: str = Field("", validation_alias="AB_TEXT_MODEL", description="variant B's `TEXT_MODEL`")
    ab_text_model_revision: str = Field("", validation_alias="AB_TEXT_MODEL_REVISION",
                                        description="variant B's `TEXT_MODEL_REVISION`")
    ab_text_base_url: str = Field("", validation_alias="AB_TEXT_BASE_URL",
                                  description="variant B's `TEXT_BASE_URL`; empty: the same as A's")
    ab_text_api_key: SecretStr = _secret("AB_TEXT_API_KEY", "variant B's `TEXT_API_KEY`; empty: the same as A's")
    models_dir: str = Field("models", validation_alias="MODELS_DIR", description=(
        "the DVC-tracked model folder (relative to the repository), used when it holds a manifest"))
    server_name: str = Field("127.0.0.1", validation_alias="GRADIO_SERVER_NAME",
                             description="the address to listen on (as on a Space)")
    server_port: int = Field(7860, validation_alias="GRADIO_SERVER_PORT", ge=1, le=65535,
                             description="the port to listen on (as on a Space)")
    forwarded_allow_ips: str = Field("", validation_alias="FORWARDED_ALLOW_IPS", description=(
        "proxies whose `X-Forwarded-*` headers are believed (comma-separated IP addresses or CIDR networks, or `*`); "
        "from any other peer they are dropped, so a forged `X-Forwarded-Host` cannot change the links the app "
        "builds; empty: none"))
    public_url: str = Field("", validation_alias="PUBLIC_URL", description=(
        "the app's public address (`https://…`): every link the app builds starts with it, whatever the request "
        "says; empty: `https://` + `SPACE_HOST` on a Hugging Face Space, else the address the client connected to"))
    space_host: str = Field("", validation_alias="SPACE_HOST", description=(
        "set by Hugging Face on a Space: its public host name (`owner-space.hf.space`); not set by hand"))
    client_timeout: float = Field(10.0, validation_alias="CLIENT_TIMEOUT", ge=1, le=300, description=(
        "seconds a client may take to send a request's headers and body (plus a second per KB of body); past "
        "them: HTTP 408 and the connection is closed"))
    log_level: str = Field("INFO", validation_alias="LOG_LEVEL", json_schema_extra={"choices": list(LOG_LEVELS)},
                           description="JSON-lines logs; user text is never logged")
    git_commit: str = Field("", validation_alias="APP_GIT_COMMIT", description=(
        "the commit reported on `/info` and in reports; empty: `build_info.json`, else `git rev-parse HEAD`"))

    @field_validator("text_engine", "ab_text_engine", "vision_engine", "log_level", "device", mode="before")
    @classmethod
    def _one_of_the_choices(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str) or info.field_name is None:
            return value
        value = value.strip().upper() if info.field_name == "log_level" else value.strip().lower()
        choices = choices_of(info.field_name)
        if value not in choices and not (info.field_name == "ab_text_engine" and not value):
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    @field_validator("text_model", "ab_text_model")
    @classmethod
    def _hub_file_syntax(cls, value: str) -> str:
        if is_hub_file(value):
            HubFile.parse(value)  # raises ValueError with the expected shape
        return value

    @field_validator("rate_limit")
    @classmethod
    def _limits_syntax(cls, value: str) -> str:
        from limits import parse

        if value.lower() in ("off", "none", "0"):  # an empty variable keeps the default, like every other one
            return ""
        if value:
            try:
                parse(value)
            except ValueError:
                raise ValueError("must be in the `limits` syntax, such as 30/minute") from None
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _networks(cls, value: str) -> str:
        for item in filter(None, (item.strip() for item in value.split(","))):
            if item != "*":
                try:
                    ipaddress.ip_network(item, strict=False)
                except ValueError:
                    raise ValueError(f"{item!r} is not an IP address, a CIDR network or *") from None
        return value

    @field_validator("public_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not re.fullmatch(r"https?://[^\s/?#]+(?:/[^\s?#]*)?", value):
            raise ValueError("must be an http:// or https:// address, such as https://owner-space.hf.space")
        return value.rstrip("/")

    @property
    def root_url(self) -> str:
        """PUBLIC_URL, else the Space's address on a Hugging Face Space (SPACE_HOST), else empty."""
        return self.public_url or (f"https://{self.space_host}" if self.space_host else "")

    @classmethod
    def from_env(cls) -> Settings:
        """The settings from the environment, every value checked; SettingsError names a bad variable."""
        try:
            return cls()
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from None

    def variant_b(self) -> Settings:
        """The settings of the B text model, for A/B routing."""
        api_key = self.ab_text_api_key if self.ab_text_api_key.get_secret_value() else self.text_api_key
        return self.model_copy(update={
            "text_engine": self.ab_text_engine or self.text_engine, "text_model": self.ab_text_model,
            "text_model_revision": self.ab_text_model_revision,
            "text_base_url": self.ab_text_base_url or self.text_base_url, "text_api_key": api_key,
        })

    @property
    def batch_concurrency(self) -> int:
        if self.batch_workers > 0:
            return self.batch_workers
        return 4 if registry.spec("text", self.text_engine).remote else 1


def _extra(field: str) -> dict[str, Any]:
    extra = Settings.model_fields[field].json_schema_extra
    return extra if isinstance(extra, dict) else {}


def choices_of(field: str) -> tuple[str, ...]:
    """The values a field allows, when it is a choice (engines come from the engine registry)."""
    extra = _extra(field)
    if "engines" in extra:
        return registry.names(extra["engines"])
    return tuple(extra.get("choices", ()))


def env_name(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else field.upper()


def _explain(exc: ValidationError) -> str:
    """One line per bad variable: `VERIFY_BEST_OF='0': input should be greater than or equal to 1`."""
    names = {field: env_name(field) for field in Settings.model_fields} | {
        env_name(field): env_name(field) for field in Settings.model_fields}
    lines = []
    for error in exc.errors():
        name = names.get(str(error["loc"][0]), str(error["loc"][0])) if error["loc"] else "settings"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{name}={error['input']!r}: {message[:1].lower()}{message[1:]}")
    return "; ".join(lines)


def _allowed(field: str) -> str:
    info = Settings.model_fields[field]
    extra = _extra(field)
    if "engines" in extra:
        specs = [spec for spec in registry.ENGINES if spec.kind == extra["engines"]]
        return ", ".join(f"`{spec.name}` ({spec.summary})" for spec in specs)
    if choices_of(field):
        return ", ".join(f"`{choice}`" for choice in choices_of(field))
    if info.annotation is bool:
        return "`1` or `0`"
    bounds = {name: getattr(item, name) for item in info.metadata for name in ("ge", "gt", "le") if hasattr(item, name)}
    low = f"{_number(bounds['ge'])} ≤ " if "ge" in bounds else f"{_number(bounds['gt'])} < " if "gt" in bounds else ""
    high = f" ≤ {_number(bounds['le'])}" if "le" in bounds else ""
    return f"{low}x{high}" if low or high else "text"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _default(field: str) -> str:
    info = Settings.model_fields[field]
    extra = _extra(field)
    if "shown_default" in extra:
        return str(extra["shown_default"])
    value = info.default
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, bool):
        value = int(value)
    return f"`{value}`" if value != "" else "(empty)"


def markdown_table() -> str:
    """The README's settings table, one row per environment variable."""
    rows = ["| variable | default | allowed | meaning |", "|---|---|---|---|"]
    for field, info in Settings.model_fields.items():
        rows.append(f"| `{env_name(field)}` | {_default(field)} | {_allowed(field)} | {info.description} |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["--markdown"]:
        print("usage: python -m generator.settings --markdown", file=sys.stderr)
        return 2
    sys.stdout.write(markdown_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
