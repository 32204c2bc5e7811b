"""What the Hugging Face engines (transformers text, BLIP) share: load errors and provenance."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def load_errors(model_id: str, revision: str | None) -> Iterator[None]:
    """Turn a hub or disk OSError into one line that names the model and the revision."""
    try:
        yield
    except OSError as exc:
        first_line = str(exc).splitlines()[0]
        raise OSError(f"cannot load {model_id!r} (revision {revision or 'main'}): {first_line}") from exc


def hub_info(engine: str, model_id: str, revision: str | None, model: Any) -> dict[str, Any]:
    """Engine, model id and revision, and the resolved hub commit once the model is loaded."""
    info: dict[str, Any] = {"engine": engine, "model": model_id, "revision": revision or "main"}
    commit = getattr(getattr(model, "config", None), "_commit_hash", None)
    if commit:
        info["commit"] = commit
    return info
