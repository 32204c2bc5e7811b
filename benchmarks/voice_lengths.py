"""How long the model's voice candidates run, and which of them pass the judge: the figures behind
grounded.VOICE_MAX_TOKENS.  Every candidate of a batch waits for the longest one, so tokens spent on a
line that never passes are paid by the whole request.

    python -m benchmarks.voice_lengths [--model smollm2|gemma3-270m] [--n 4] [--products eval/dev_products.jsonl]

For each English product it drafts n candidates with the app's prompt and sampling (max 64 tokens, so the
tail is visible), judges each as the app does, and prints by length band how many openings and closings
passed. Nothing is timed.
"""
from __future__ import annotations

import argparse
import collections
import statistics
from pathlib import Path

from generator.engines.text.batched import BatchedLlama
from generator.eval.__main__ import load_products
from generator.models import embedded_text_model
from generator.quality import voice
from generator.quality.analysis import analyse_product
from generator.quality.grounded import GroundedWriter, VoiceDraft

ROOT = Path(__file__).resolve().parent.parent
BANDS = ((0, 30), (30, 40), (40, 48), (48, 64), (64, 65))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="smollm2", choices=["smollm2", "gemma3-270m"])
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--products", type=Path, default=ROOT / "eval" / "dev_products.jsonl")
    args = parser.parse_args(argv)
    llama = BatchedLlama(str(embedded_text_model(args.model).path()), n_parallel=args.n, n_ctx=2048,
                         n_threads=args.threads)
    llama.set_prefix(llama.tokenize(voice.prefix_text()))
    rows: list[tuple[int, str, bool, bool]] = []
    for number, (_, product, style) in enumerate(load_products(args.products)):
        if style.language != "English":
            continue
        analysis = analyse_product(product)
        prompt = llama.tokenize(voice.prompt_text(product, analysis.full_name, style.tone))
        seeds = [(number * args.n + k) for k in range(args.n)]
        for step in llama.generate_all(prompt, n=args.n, max_tokens=64, temperature=0.8, top_p=0.95,
                                       repeat_penalty=1.1, seeds=seeds, stop=list(voice.STOP)):
            draft = VoiceDraft()
            GroundedWriter._judge(draft, [step.text], product, analysis)
            rows.append((step.n_tokens, step.finish_reason or "", any(line.ok for line in draft.openings),
                         any(line.ok for line in draft.closings)))
    llama.close()
    print(f"{args.model}, {args.n} candidates a product, {len(rows)} candidates; finish reasons: "
          f"{dict(collections.Counter(row[1] for row in rows))}; median {statistics.median(r[0] for r in rows)} tokens")
    for low, high in BANDS:
        band = [row for row in rows if low <= row[0] < high]
        print(f"  {low:2}-{high - 1:2} tokens: {len(band):3} candidates, openings passed {sum(r[2] for r in band):3}, "
              f"closings passed {sum(r[3] for r in band):3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
