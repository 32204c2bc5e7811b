"""Batched (best-of-N) decoding and a constant-prefix KV cache on llama.cpp.

Depends only on ``llama_cpp`` (llama-cpp-python 0.3.36, low-level ctypes API) and numpy.
Modules: ``context`` (the model, context and batch; tokens; llama_decode; the context lock),
``sampling`` (sampler chains, one sequence's text and stops), ``generation`` (one request's
prompt evaluation and step loop), ``prefix`` (the kept prefix), and ``llama``
(``BatchedLlama``, the API).

Why batch: on a 2-core CPU, decoding a 135M-270M model is memory-bandwidth bound, so decoding N
sequences in ONE ``llama_decode`` per step reads the weights once for all of them.  Measured
earlier on this machine kind (2 cores, aggregate decode tok/s at batch 1/2/4/8):
SmolLM2-135M Q4_1 148/156/200/229, Gemma-3-270M Q4_K_M 71/77/110/138.  This module (bench.py,
n_threads=1 on a shared box, load 2-7): aggregate decode at B=1/2/4/8 SmolLM2 30/44/52/52,
Gemma 18/24/48/55 tok/s vs 32 / 22 tok/s for the high-level Llama's single sequence, i.e.
best-of-4 drafts in 5.0 s instead of 8.0 s (SmolLM2) and 5.3 s instead of 11.5 s (Gemma).
Threads: n_threads=2 collapses when the 2 cores are shared with other jobs (SmolLM2 decode ~1.3
vs ~26 tok/s with 1 thread at load ~6: ggml's threads spin at barriers while their partner is
descheduled); give the service its cores or use 1 thread on a busy box.

Design (after llama.cpp's examples/batched/batched.cpp and tools/batched-bench):

* ONE llama_context with ``n_seq_max = n_parallel + 2`` and ``kv_unified=True``.  Sequence ids
  ``0 .. n_parallel-1`` are working sequences; id ``n_parallel`` is reserved for the prefix cache
  and ``n_parallel+1`` is a scratch sequence for padding lone tokens (``batch_invariant``).
  With a unified KV buffer ``llama_memory_seq_cp`` only tags the existing cells with another seq
  id (no data copy, no dummy decode needed, unlike the per-sequence-stream layout), so a prompt
  evaluated once on seq 0 is shared by all N candidates and the prefix is shared by everything.
* The prompt is evaluated ONCE on seq 0, copied to seqs 1..n-1, then every step decodes one
  token per live sequence in a single ``llama_decode``.
* Each sequence has its own llama.cpp sampler chain (penalties -> top-k -> top-p -> min-p ->
  temp -> dist(seed)), the same order as llama-cpp-python's ``Llama._init_sampler`` so that
  n=1 reproduces ``Llama.create_completion`` token for token (greedy and seeded sampling).
* Gemma 3 uses sliding-window attention (n_swa=512).  With ``swa_full=True`` (the llama.cpp
  default in this version, and ours) the SWA layers keep every position, so prefix copy, partial
  ``seq_rm`` and partial prefix reuse are exact (tested: cached == from scratch with the same
  batch split).  With ``swa_full=False`` the SWA cache has pad256(n_swa*n_seq_max + n_ubatch)
  cells (unified KV: >= n_ctx anyway once n_seq_max >= 8); when it fills, llama.cpp recycles
  cells outside their sequence's window, including the cached prefix's oldest ones
  (seq_pos_min > 0).  Whole-prefix reuse then stays correct (not bit-exact: new tokens land in
  recycled low cells and flash attention visits keys in another order); partial reuse is refused
  (see ``PrefixCache.reusable``).
* Numerics: llama.cpp's CPU kernels round differently by batch shape (1-token vs multi-token
  attention without flash attention, split-KV flash attention for a lone token with >= 512
  cells, tiled flash attention from 64 rows, Gemma's repacked 4-row Q4_K GEMM), and these small
  Q4 models move ~0.5-1.5 logits when that happens.  Defaults chosen so that a sequence's text
  does not depend on n: flash_attn=True, batch_invariant padding; measured bit-identical for
  SmolLM2 at n <= 8 and Gemma at n <= 2 (n <= 4 with repack=False), measured while building this module;
  tests/integration/engines/text/test_batched.py checks the SmolLM2 case.

Thread safety: one context serves ONE request at a time.  Every public method that touches the
context takes its lock (``ContextLock``); ``generate`` holds it until the iterator is exhausted or closed
(``with contextlib.closing(it)`` or just iterate to the end).  Calling another method from the
same thread while a ``generate`` iterator is open raises RuntimeError instead of deadlocking.
For concurrency, create one BatchedLlama per worker (the model weights are mmapped and shared
by the OS page cache) or queue requests.
"""
from .generation import GenerateStats
from .llama import BatchedLlama
from .sampling import Step

__all__ = ["BatchedLlama", "Step", "GenerateStats"]
