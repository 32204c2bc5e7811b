"""The kept prefix: a constant prompt head (system text + few-shot examples) evaluated once into the
context's reserved sequence and copied (``llama_memory_seq_cp``) into every request that starts with it."""
from __future__ import annotations

from collections.abc import Sequence

import llama_cpp

from .context import ModelContext


def common_prefix_len(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class PrefixCache:
    """The prefix's tokens and its KV cells on ``model.prefix_seq``.  The caller holds the context lock
    around ``set``, ``clear`` and ``reusable``."""

    def __init__(self, model: ModelContext) -> None:
        self.model = model
        self.tokens: list[int] = []

    def set(self, toks: list[int]) -> int:
        """Evaluate what differs from the cached prefix; returns the number of tokens evaluated."""
        model = self.model
        # Room for the prefix plus at least one n_batch prompt chunk for the working seqs.
        limit = model.n_ctx - min(model.n_batch, model.n_ctx // 4)
        if len(toks) > limit:
            raise ValueError(f"prefix has {len(toks)} tokens; with n_ctx={model.n_ctx} at most {limit} "
                             "can be cached (the rest of the context is needed for requests)")
        model.clear_working()
        keep = common_prefix_len(self.tokens, toks)
        if keep == len(toks) == len(self.tokens):
            return 0
        mem, ps = model.mem, model.prefix_seq
        if not llama_cpp.llama_memory_seq_rm(mem, ps, keep, -1):
            llama_cpp.llama_memory_seq_rm(mem, ps, -1, -1)
            keep = 0
        self.tokens = toks[:keep]
        try:
            model.eval_seq(toks[keep:], ps, keep, logits_last=False)
        except BaseException:
            llama_cpp.llama_memory_seq_rm(mem, ps, -1, -1)
            self.tokens = []
            raise
        self.tokens = toks
        return len(toks) - keep

    def clear(self) -> None:
        llama_cpp.llama_memory_seq_rm(self.model.mem, self.model.prefix_seq, -1, -1)
        self.tokens = []

    def reusable(self, prompt: Sequence[int]) -> int:
        """How many leading prompt tokens can be copied from the prefix cache (the last prompt
        token is always evaluated: we need its logits)."""
        if not self.tokens:
            return 0
        reuse = min(common_prefix_len(self.tokens, prompt), len(prompt) - 1)
        if reuse <= 0:
            return 0
        # With swa_full=False llama.cpp prunes SWA cells outside the window; only a reuse of the
        # WHOLE cached prefix is then exact (the window ending at the prefix end is still there).
        pos_min = llama_cpp.llama_memory_seq_pos_min(self.model.mem, self.model.prefix_seq)
        if pos_min > 0 and reuse < len(self.tokens):
            return 0
        return reuse
