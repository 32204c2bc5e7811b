"""One ``generate`` request: n sequences sharing one prompt evaluation, then one llama_decode per step."""
from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import llama_cpp

from .context import ModelContext
from .sampling import RANDOM_SEED, SamplerParams, SeqState, Step, make_sampler


@dataclass
class GenerateStats:
    """What the last ``generate`` call did (read ``BatchedLlama.last_stats``)."""

    n: int = 0
    n_prompt_tokens: int = 0  # tokens in the prompt
    n_prefix_reused: int = 0  # of which were copied from the prefix cache (not evaluated)
    n_prompt_evaluated: int = 0  # prompt tokens actually run through llama_decode
    t_prompt_s: float = 0.0  # prompt evaluation wall time (incl. KV copies)
    t_first_token_s: float = 0.0  # from call to first sampled tokens (time to first token)
    n_decode_steps: int = 0  # llama_decode calls in the generation loop
    n_decoded: int = 0  # tokens decoded in the generation loop (all sequences)
    n_generated: int = 0  # tokens generated (all sequences, sampled, EOS not counted)
    t_decode_s: float = 0.0  # time inside llama_decode during the generation loop
    t_sample_s: float = 0.0  # time sampling + detokenizing + stop checks
    t_generate_s: float = 0.0  # t_decode_s + t_sample_s (consumer time between yields excluded)


def check_request(prompt: list[int], n: int, max_tokens: int, n_parallel: int, n_ctx: int,
                  seeds: Sequence[int] | None, top_p: float, repeat_penalty: float) -> list[int]:
    """ValueError for a request that cannot run (before any C call); returns the seed of each sequence."""
    if not prompt:
        raise ValueError("prompt is empty")
    if not (1 <= n <= n_parallel):
        raise ValueError(f"n={n} sequences requested but this BatchedLlama was built with "
                         f"n_parallel={n_parallel} (n_seq_max={n_parallel + 2})")
    if max_tokens < 1:
        raise ValueError("max_tokens must be >= 1")
    if len(prompt) > n_ctx:
        raise ValueError(f"prompt has {len(prompt)} tokens, longer than the context n_ctx={n_ctx}")
    seed_list = list(range(n)) if seeds is None else [int(s) for s in seeds]
    if len(seed_list) != n:
        raise ValueError(f"got {len(seed_list)} seeds for n={n} sequences")
    for s in seed_list:
        if not (0 <= s < RANDOM_SEED):
            raise ValueError(f"seed {s} out of range 0..{RANDOM_SEED - 1} (0xFFFFFFFF means random in llama.cpp)")
    if not (0.0 < top_p <= 1.0):
        raise ValueError("top_p must be in (0, 1]")
    if repeat_penalty <= 0.0:
        raise ValueError("repeat_penalty must be > 0 (1.0 disables it)")
    return seed_list


def check_fits(model: ModelContext, used_cells: int, n_eval: int, n: int, max_tokens: int) -> None:
    """ValueError unless the prompt tokens to evaluate and n x max_tokens fit the KV cells the prefix leaves."""
    need = n_eval + n * max_tokens + int(model.batch_invariant)  # +1: the padding token
    free = model.n_ctx - used_cells
    if need > free:
        raise ValueError(
            f"request needs {need} KV cells ({n_eval} prompt tokens to evaluate + "
            f"n={n} x max_tokens={max_tokens}) but only {free} of n_ctx={model.n_ctx} are free "
            f"(the prefix cache holds {used_cells}); raise n_ctx or lower n/max_tokens")


class Generation:
    """n sequences on seqs 0..n-1: the prompt evaluated ONCE on seq 0 (less the ``reuse`` tokens copied
    from the prefix cache), shared with seqs 1..n-1, then each step samples one token per live sequence
    and decodes them all in one llama_decode.  The caller holds the context lock and calls ``free``."""

    def __init__(self, model: ModelContext, prompt: list[int], n: int, reuse: int, max_tokens: int,
                 stops: list[str], ignore_eos: bool, t_call: float) -> None:
        self.model = model
        self.prompt = prompt
        self.reuse = reuse
        self.max_tokens = max_tokens
        self.stops = stops
        self.max_stop = max((len(s) for s in stops), default=0)
        self.ignore_eos = ignore_eos
        self.t_call = t_call
        self.states: list[SeqState] = []
        self.stats = GenerateStats(n=n, n_prompt_tokens=len(prompt), n_prefix_reused=reuse,
                                   n_prompt_evaluated=len(prompt) - reuse)

    def add_samplers(self, seeds: list[int], params: SamplerParams) -> None:
        for k in range(self.stats.n):
            self.states.append(SeqState(k, make_sampler(self.model.n_vocab, seeds[k], params)))

    def free(self) -> None:
        for s in self.states:
            llama_cpp.llama_sampler_free(s.sampler)

    def prefill(self, n_prefix_cells: int) -> None:
        """The prompt, once, on seq 0; its cells then tagged with seqs 1..n-1."""
        model, mem = self.model, self.model.mem
        t0 = time.perf_counter()
        if self.reuse:
            llama_cpp.llama_memory_seq_cp(mem, model.prefix_seq, 0, 0, self.reuse)  # cells [0, reuse)
        model.cells_est = n_prefix_cells + len(self.prompt) - self.reuse
        last_idx = model.eval_seq(self.prompt[self.reuse:], 0, self.reuse, logits_last=True)
        for k in range(1, self.stats.n):  # unified KV: tags the cells, no data copy
            llama_cpp.llama_memory_seq_cp(mem, 0, k, -1, -1)
        self.stats.t_prompt_s = time.perf_counter() - t0
        for s in self.states:
            s.batch_idx = last_idx

    def steps(self) -> Iterator[list[Step]]:
        """After every sampling round, one Step per sequence; ends when every sequence has finished."""
        st = self.stats
        pos = len(self.prompt)
        first = True
        while True:
            t0 = time.perf_counter()
            steps, next_tokens, next_seqs = self._sample()
            t1 = time.perf_counter()
            st.t_sample_s += t1 - t0
            if first:
                st.t_first_token_s = t1 - self.t_call
                first = False
            st.t_generate_s = st.t_sample_s + st.t_decode_s
            yield steps
            if not next_tokens:
                break
            self._decode(next_tokens, next_seqs, pos)
            pos += 1
        st.t_generate_s = st.t_sample_s + st.t_decode_s

    def _sample(self) -> tuple[list[Step], list[int], list[int]]:
        """One token per live sequence (llama_sampler_sample also accepts it into the chain: do NOT
        call llama_sampler_accept again, that would count the token twice in the repeat penalty)."""
        model = self.model
        next_tokens: list[int] = []
        next_seqs: list[int] = []
        steps: list[Step] = []
        for s in self.states:
            if s.finished:
                steps.append(s.idle_step())
                continue
            tok = llama_cpp.llama_sampler_sample(s.sampler, model.ctx, s.batch_idx)
            if not self.ignore_eos and model.is_eog(tok):
                s.finished, s.finish_reason = True, "eos"
            else:
                self.stats.n_generated += 1
                s.add_token(tok, model.token_bytes(tok), self.stops, self.max_stop, self.max_tokens)
            if not s.finished:
                next_tokens.append(tok)
                next_seqs.append(s.seq)
            steps.append(s.emit(self.stops))
        return steps, next_tokens, next_seqs

    def _decode(self, tokens: list[int], seqs: list[int], pos: int) -> None:
        """One llama_decode for all live sequences, one token each, at the same position."""
        st = self.stats
        t0 = time.perf_counter()
        self.model.decode(tokens, pos, seqs, True)
        st.t_decode_s += time.perf_counter() - t0
        st.n_decode_steps += 1
        st.n_decoded += len(tokens)
        self.model.cells_est += len(tokens)
        for i, k in enumerate(seqs):
            self.states[k].batch_idx = i
