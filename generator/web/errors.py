"""Errors as Gradio and the REST routes show them, from the one table in generator/errors.py.

Call these inside the `except` block: an unexpected exception is logged there with its traceback,
and the client gets the table's message, never the internals.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import HTTPException

from ..errors import UNEXPECTED, ErrorKind, RateLimited, kind_of

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger(__name__)


def _kind(exc: BaseException) -> ErrorKind:
    kind = kind_of(exc)
    if kind is UNEXPECTED:  # a bug or an outage: the traceback goes to the log, not to the client
        log.exception("request failed", extra={"error_type": type(exc).__name__})
    return kind


def gradio_error(exc: BaseException) -> gr.Error:
    """A titled Gradio error for `exc`."""
    import gradio as gr  # on use: the REST routes (and their unit tests) do without Gradio's import time

    kind = _kind(exc)
    return gr.Error(kind.ui_message(exc), title=kind.title)


def http_error(exc: BaseException) -> HTTPException:
    """The HTTPException for `exc`: the table's status and message; 429 comes with Retry-After."""
    kind = _kind(exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    return HTTPException(status_code=kind.status, detail=kind.http_message(exc), headers=headers)
