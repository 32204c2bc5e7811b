"""Where this build came from: app version and git commit."""
from __future__ import annotations

import os
import subprocess  # nosec B404 - fixed git command, no user input
from functools import lru_cache
from pathlib import Path

APP_VERSION = "0.1.0"
ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def git_commit() -> str:
    """The commit from APP_GIT_COMMIT (set by deploys), else from git, else 'unknown'."""
    from_env = os.environ.get("APP_GIT_COMMIT", "").strip()
    if from_env:
        return from_env
    try:
        out = subprocess.run(  # nosec B603 B607
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
