"""Where this build came from: app version and git commit."""
from __future__ import annotations

import json

# The only command run is `git rev-parse HEAD`, with no user input.
import subprocess  # nosec B404
from functools import lru_cache
from pathlib import Path

APP_VERSION = "0.1.0"
ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=4)
def git_commit(configured: str = "") -> str:
    """The commit: `configured` (APP_GIT_COMMIT), else build_info.json (written by the deploy), else git,
    else 'unknown'."""
    if configured:
        return configured
    build_info = ROOT / "build_info.json"
    if build_info.is_file():
        try:
            return json.loads(build_info.read_text())["git_sha"]
        except (ValueError, KeyError):
            pass
    try:
        out = subprocess.run(  # nosec B603 B607
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
