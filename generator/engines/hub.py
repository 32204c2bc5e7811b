"""What the Hugging Face engines share: load errors, provenance, Hub GGUF references and download progress."""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
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


# --- Hub GGUF files and download progress ---------------------------------------------------------

HUB_PREFIX = "hf:"


@dataclass(frozen=True)
class HubFile:
    """A GGUF on the Hugging Face Hub: TEXT_MODEL=hf:owner/repo/path/file.gguf@revision (revision: main)."""

    repo_id: str
    filename: str
    revision: str = "main"

    @classmethod
    def parse(cls, text: str) -> HubFile:
        body = text.strip().removeprefix(HUB_PREFIX)
        body, _, revision = body.partition("@")
        parts = body.split("/")
        if len(parts) < 3 or not all(parts) or not parts[-1].lower().endswith(".gguf"):
            raise ValueError(f"{text!r} must look like hf:owner/repo/file.gguf@revision (the revision is optional)")
        return cls("/".join(parts[:2]), "/".join(parts[2:]), revision.strip() or "main")

    def __str__(self) -> str:
        return f"{HUB_PREFIX}{self.repo_id}/{self.filename}@{self.revision}"


def is_hub_file(text: str) -> bool:
    return text.strip().lower().startswith(HUB_PREFIX)


class LoadProgress:
    """How far a model fetched in the background has got, for /health and the UI banner. Thread-safe.

    Bytes come from a download's progress bar (`bar_class()`, given to huggingface_hub as `tqdm_class`)
    or, where the library downloads by itself (transformers), from `probe`: bytes in the cache so far.
    """

    def __init__(self, model: str, probe: Callable[[], int] | None = None):
        self.model = model
        self.state = "waiting"  # waiting -> downloading -> loading -> ready | failed
        self.reason = ""
        self._done = 0
        self._total = 0
        self._probe = probe
        self._lock = threading.Lock()

    def set_state(self, state: str, reason: str = "") -> None:
        with self._lock:
            self.state, self.reason = state, reason

    def add(self, done: int = 0, total: int = 0) -> None:
        with self._lock:
            self._done += max(done, 0)
            self._total += max(total, 0)

    @property
    def done_bytes(self) -> int:
        if self._probe is not None:
            with contextlib.suppress(OSError):
                return self._probe()
        return self._done

    @property
    def total_bytes(self) -> int:
        return self._total

    def text(self) -> str:
        """`loading, 340 of 800 MB` while downloading; the state otherwise."""
        if self.state == "downloading":
            done, total = self.done_bytes / 1e6, self.total_bytes / 1e6
            return f"loading, {done:.0f} of {total:.0f} MB" if total else f"loading, {done:.0f} MB so far"
        return {"waiting": "waiting to load", "loading": "loading into memory", "ready": "ready",
                "failed": f"failed: {self.reason}"}.get(self.state, self.state)

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "state": self.state, "progress": self.text(), "done_bytes": self.done_bytes,
                "total_bytes": self.total_bytes, **({"reason": self.reason} if self.reason else {})}

    def bar_class(self) -> type:
        """A progress-bar class for huggingface_hub's `tqdm_class` that counts bytes here and draws nothing."""
        progress = self

        class Bar:
            def __init__(self, *args: Any, total: int | None = None, initial: int = 0, **kwargs: Any):
                self.total, self.n = total or 0, initial or 0
                progress.add(done=self.n, total=self.total)

            def update(self, n: float | None = 1) -> None:
                self.n += int(n or 0)
                progress.add(done=int(n or 0))

            def update_transfer(self, n: float | None = 1) -> None:
                """Bytes received (xet); `update` already counts the bytes written."""

            def set_postfix_str(self, *args: Any, **kwargs: Any) -> None:
                pass

            def refresh(self, *args: Any, **kwargs: Any) -> None:
                pass

            def close(self) -> None:
                pass

            def __enter__(self) -> Bar:
                return self

            def __exit__(self, *exc: object) -> None:
                self.close()

        return Bar


def download_gguf(ref: HubFile, progress: LoadProgress) -> Path:
    """Download (or find in the HF cache) a Hub GGUF; errors say plainly when there is no network."""
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import GatedRepoError, LocalEntryNotFoundError, RepositoryNotFoundError

    progress.set_state("downloading")
    try:
        return Path(hf_hub_download(ref.repo_id, ref.filename, revision=ref.revision, tqdm_class=progress.bar_class()))
    except LocalEntryNotFoundError as exc:
        raise OSError(f"no network: cannot download {ref} ({offline_reason()}) and it is not in the Hugging Face "
                      f"cache ({hub_cache_dir()})") from exc
    except GatedRepoError as exc:
        raise OSError(f"{ref} is gated: accept its licence on the Hub and set HF_TOKEN") from exc
    except RepositoryNotFoundError as exc:
        raise OSError(f"{ref}: no such repository on the Hub (or it is private: set HF_TOKEN)") from exc
    except Exception as exc:  # any other Hub error: one line that names the file
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise OSError(f"cannot download {ref}: {first_line}") from exc


def offline_reason() -> str:
    from huggingface_hub import constants

    return "HF_HUB_OFFLINE=1" if constants.HF_HUB_OFFLINE else "the Hub cannot be reached"


def hub_cache_dir() -> str:
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)


def cached_repo_bytes(repo_id: str) -> int:
    """Bytes of a model repo in the HF cache, finished or not: how far transformers' download has got."""
    from huggingface_hub.file_download import repo_folder_name

    blobs = Path(hub_cache_dir()) / repo_folder_name(repo_id=repo_id, repo_type="model") / "blobs"
    return sum(path.stat().st_size for path in blobs.iterdir()) if blobs.is_dir() else 0
