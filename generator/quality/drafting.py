"""One draft from a text engine: the prompt in, finished sentences out, streamed as it is written."""
from __future__ import annotations

import time
from collections.abc import Generator
from dataclasses import dataclass

from ..engines.text.base import GenerationParams, TextEngine
from ..events import Partial
from ..product import Product, Style
from ..prompts import build_messages, max_tokens_for
from .postprocess import finish_sentences

# A few updates a second read as live typing; one per token would cost the UI and queue more.
STREAM_INTERVAL = 0.1  # seconds between streamed updates of a draft


@dataclass(frozen=True)
class Draft:
    text: str  # cut at the last full sentence
    tokens: int
    seconds: float
    prompt: str = ""  # the instructions, to catch them echoed back


def write_draft(engine: TextEngine, product: Product, style: Style, seed: int,
                stream: bool) -> Generator[Partial, None, Draft]:
    """Ask the engine for one draft; with `stream`, yield the text so far at most every STREAM_INTERVAL."""
    params = GenerationParams(max_tokens=max_tokens_for(style), seed=seed)
    started = last_update = time.perf_counter()
    text, tokens = "", 0
    messages = build_messages(product, style)
    for chunk in engine.stream(messages, params):
        text += chunk.text
        tokens += chunk.tokens
        if stream and chunk.text and time.perf_counter() - last_update >= STREAM_INTERVAL:
            last_update = time.perf_counter()
            yield Partial(text)
    # The instructions without the fact lines: a sentence that restates a fact is no echo.
    prompt = "\n".join(line for message in messages for line in message["content"].splitlines()
                       if not line.startswith("- "))
    return Draft(finish_sentences(text), tokens, time.perf_counter() - started, prompt)
