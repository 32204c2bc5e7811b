"""What every engine has: a name, a constructor from the settings, a load once, and its provenance."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from ..models import ArtifactSet
    from ..settings import Settings
    from .hub import LoadProgress


class Engine(ABC):
    name: str = ""  # its name in the registry (TEXT_ENGINE or VISION_ENGINE)
    # Set when load() fetches the model over the network: the engine set then loads it in the background,
    # with an embedded stand-in serving meanwhile, and /health shows this progress.
    progress: LoadProgress | None = None

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        """Build the engine from the settings; `artifacts` are the verified model files, if any."""
        raise NotImplementedError(f"{cls.__name__} is not built from settings")

    @abstractmethod
    def load(self) -> None:
        """Load the model. Raise with a clear reason on failure."""

    def check(self) -> None:  # noqa: B027 - an optional hook: most engines have nothing to check before load
        """What load() checks before the model is built (its file and hash), for a model whose load is put off
        until a request needs it. Raise with a clear reason on failure."""

    @abstractmethod
    def info(self) -> dict[str, Any]:
        """Model id, revision or sha256, and anything else worth reporting."""

    @abstractmethod
    def warmup(self) -> None:
        """One small request, so that the first real one is not slow."""
