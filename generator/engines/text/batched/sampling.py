"""Per-sequence sampling: the native llama.cpp sampler chain, and one sequence's text, stops and steps."""
from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field

import llama_cpp

# LLAMA_DEFAULT_SEED (0xFFFFFFFF) makes llama_sampler_init_dist pick a RANDOM seed.
RANDOM_SEED = 0xFFFFFFFF


@dataclass
class Step:
    """Progress of one candidate sequence after a decoding step.

    text: the text so far.  While the sequence is running, a tail that could be the start of a
      stop string is held back (as llama-cpp-python's streaming does); once finished, it is the
      final text with the stop string (and anything after it) removed.
    new_text: what was appended to ``text`` since the previous step (for streaming).
    n_tokens: tokens generated so far (EOS not counted, like ``usage.completion_tokens``).
    finish_reason: None while running, else "eos" (an end-of-generation token), "stop" (a stop
      string), or "length" (max_tokens).
    """

    seq: int
    text: str
    new_text: str
    n_tokens: int
    finished: bool
    finish_reason: str | None
    tokens: list[int] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class SamplerParams:
    temperature: float
    top_k: int
    top_p: float
    min_p: float
    repeat_penalty: float
    penalty_last_n: int


def prefilter_size(p: SamplerParams) -> int:
    """How many of the highest logits to keep before the repeat penalty, or 0 for no prefilter.

    The penalties sampler visits every candidate (a hash lookup per vocabulary entry), and top-k sorts the
    whole vocabulary: on Gemma's 262k tokens that was 2.9 ms per token and sequence, 18% of a step at 4
    sequences; with the prefilter 1.5 ms (GenerateStats.t_sample_s, 2 threads, 48 tokens from the voice
    prompt; the rest is llama_sampler_sample copying the logits).  A penalty > 1 only LOWERS the
    logits of the <= penalty_last_n distinct tokens in its window, so the final top-k (or the greedy pick)
    lies within the raw top (k + penalty_last_n): keeping those first changes no candidate and no logit.
    Not exact for a penalty < 1 (it raises logits) or an unbounded window (-1), so those get no prefilter."""
    if p.repeat_penalty <= 1.0 or p.penalty_last_n <= 0:
        return 0
    k = 1 if p.temperature <= 0.0 else p.top_k
    return k + p.penalty_last_n if k > 0 else 0


def make_sampler(n_vocab: int, seed: int, p: SamplerParams) -> int:
    # Same order as llama-cpp-python's Llama._init_sampler (so n=1 == create_completion):
    # penalties, top_k, [typical=1.0 is a no-op], top_p, min_p, temp, dist(seed) / greedy.
    # NOTE (0.3.36): llama_sampler_init_penalties takes n_vocab as its FIRST argument here
    # (the vendored llama.h re-added it); upstream llama.cpp has 4 arguments.
    sparams = llama_cpp.llama_sampler_chain_default_params()
    sparams.no_perf = True
    chain = llama_cpp.llama_sampler_chain_init(sparams)
    if not chain:
        raise RuntimeError("llama_sampler_chain_init failed")
    add = llama_cpp.llama_sampler_chain_add  # the chain takes ownership of each sampler
    keep = prefilter_size(p)
    if keep:
        add(chain, llama_cpp.llama_sampler_init_top_k(keep))
    add(chain, llama_cpp.llama_sampler_init_penalties(n_vocab, p.penalty_last_n, p.repeat_penalty, 0.0, 0.0))
    if p.temperature <= 0.0:
        add(chain, llama_cpp.llama_sampler_init_greedy())
    else:
        if p.top_k > 0:
            add(chain, llama_cpp.llama_sampler_init_top_k(p.top_k))
        add(chain, llama_cpp.llama_sampler_init_top_p(p.top_p, 1))
        if p.min_p > 0.0:
            add(chain, llama_cpp.llama_sampler_init_min_p(p.min_p, 1))
        add(chain, llama_cpp.llama_sampler_init_temp(p.temperature))
        add(chain, llama_cpp.llama_sampler_init_dist(seed))
    return chain


def partial_stop_len(text: str, stops: Sequence[str]) -> int:
    """Length of the longest suffix of text that is a proper prefix of some stop string."""
    best = 0
    for s in stops:
        for k in range(min(len(s) - 1, len(text)), best, -1):
            if text.endswith(s[:k]):
                best = k
                break
    return best


class SeqState:
    """One sequence of a request: its sampler, tokens, text so far and what was streamed."""

    __slots__ = ("seq", "sampler", "tokens", "bytes_decoder", "text", "emitted", "finished",
                 "finish_reason", "batch_idx")

    def __init__(self, seq: int, sampler: int) -> None:
        self.seq = seq
        self.sampler = sampler
        self.tokens: list[int] = []
        self.bytes_decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
        self.text = ""
        self.emitted = ""
        self.finished = False
        self.finish_reason: str | None = None
        self.batch_idx = -1

    def idle_step(self) -> Step:
        """The Step of a sequence that finished in an earlier round."""
        return Step(self.seq, self.text, "", len(self.tokens), True, self.finish_reason, self.tokens)

    def add_token(self, tok: int, piece: bytes, stops: Sequence[str], max_stop: int, max_tokens: int) -> None:
        """Append a sampled (not end-of-generation) token; finish on a stop string or at max_tokens."""
        self.tokens.append(tok)
        old_len = len(self.text)
        self.text += self.bytes_decoder.decode(piece)
        if stops:
            lo = max(0, old_len - max_stop + 1)
            hits = [i for i in (self.text.find(x, lo) for x in stops) if i >= 0]
            if hits:
                self.text = self.text[:min(hits)]
                self.finished, self.finish_reason = True, "stop"
        if not self.finished and len(self.tokens) >= max_tokens:
            self.finished, self.finish_reason = True, "length"

    def emit(self, stops: Sequence[str]) -> Step:
        """The Step after this round's token; a running sequence holds back a possible stop-string start."""
        if self.finished:
            if self.finish_reason != "stop":
                self.text += self.bytes_decoder.decode(b"", final=True)
            visible = self.text
        else:
            visible = self.text[:len(self.text) - partial_stop_len(self.text, stops)] if stops else self.text
        # held-back text may shrink the visible text only when a stop string matched
        new = visible[len(self.emitted):] if visible.startswith(self.emitted) else ""
        self.emitted = visible
        return Step(self.seq, visible, new, len(self.tokens), self.finished, self.finish_reason, self.tokens)
