"""What the OpenAI-compatible engines share: the client, the served-model check and clear errors.

The API key goes to the client only; it is never logged or reported.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import EngineFailed, EngineNotReady

_TRANSPORT_MODULES = ("httpx", "httpcore", "httpx2", "h11", "openai")


def public_url(url: str) -> str:
    """The URL without any user:password part or query, safe to show."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def connect(kind: str, base_url: str, model: str, api_key: str, timeout: float, max_retries: int) -> Any:
    """An openai client for a server that must serve `model`; raises EngineNotReady saying why not."""
    import openai

    client = openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout,
                           max_retries=max_retries)
    try:
        served = [entry.id for entry in client.models.list()]
    except openai.APIError as exc:
        raise EngineNotReady(f"cannot reach the {kind} server at {public_url(base_url)}: "
                             f"{type(exc).__name__}") from None
    if served and model not in served:
        raise EngineNotReady(f"the server at {public_url(base_url)} does not serve {model!r}; "
                             f"it serves {', '.join(served[:5])}")
    return client


@contextlib.contextmanager
def clear_errors(kind: str, base_url: str, timeout: float) -> Iterator[None]:
    """Turn the client's and the transport's exceptions into EngineFailed with a plain message."""
    import openai

    where = f"the {kind} server at {public_url(base_url)}"
    try:
        yield
    except openai.APITimeoutError:
        raise EngineFailed(f"{where} did not answer within {timeout:g} s; try again shortly") from None
    except (openai.APIConnectionError, openai.APIStatusError) as exc:
        raise EngineFailed(f"{where} failed ({type(exc).__name__}); try again shortly") from None
    except Exception as exc:  # e.g. the connection dropping mid-stream inside the HTTP library
        if type(exc).__module__.split(".")[0] in _TRANSPORT_MODULES:
            raise EngineFailed(f"{where} stopped mid-answer ({type(exc).__name__}); try again shortly") from None
        raise
