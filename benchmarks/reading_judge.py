"""Can an embedded model's log-probabilities choose how a merchant's fragment is said? The figure behind keeping
the analysis' rules for it.

    python -m benchmarks.reading_judge [--model smollm2|gemma3-270m]

Most of what raters mark in the realizer's copy is a fragment said in a frame that does not fit it ("This clip
has Clamps to desks ...", "has a wall bracket pivots 180°"). The rules that read a fragment's kind (a verb phrase,
a thing it has, a quality, a clause with its own subject, an instruction) were fixed round by round; a model that
knows English might choose instead. This probe says each labelled fragment in every frame and asks the model which
reads best:

- the cases: every (fragment, kind) the tests pin down (tests/**/*.py), most of them a slip a blind round found;
- frames: "It {fragment}" (VP), "It has (a) {fragment}" (NP), "It is {fragment}" (ADJ), "Its / The {fragment}"
  (CLAUSE), "Tip: {Fragment}" (STEP);
- scores: the log-probability of the whole sentence (sum and mean a token), and of the fragment's own tokens after
  the frame (the same words in every frame, so the frame's length does not count);
- the decision that matters most, a thing it has (NP) against a verb or a clause, with a margin in nats.

It prints how often each score picks the tests' kind. Nothing is timed.
"""
from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

KINDS = ("VP", "NP", "ADJ", "CLAUSE", "STEP")
CONTEXT = "This is a product description from an online shop."


def labelled_cases(root: Path) -> list[tuple[str, str]]:
    """(fragment, kind) pairs the tests assert: `("fragment", "KIND")` and `("fragment", [("KIND", ...`."""
    found: set[tuple[str, str]] = set()
    kinds = "|".join(KINDS)
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(rf'\("([^"\n]{{3,120}})",\s*"({kinds})"\)', text))
        found |= set(re.findall(rf'\("([^"\n]{{3,120}})",\s*\[\("({kinds})",', text))
    return sorted(found)


def frames(fragment: str) -> dict[str, list[tuple[str, str]]]:
    from generator.quality.analysis import _lower_first, indefinite

    text = fragment.rstrip(".!")
    low, cap = _lower_first(text), text[:1].upper() + text[1:]
    return {"VP": [("It", f" {low}")], "NP": [(f"It has {indefinite(text)}", f" {text}"), ("It has", f" {text}")],
            "ADJ": [("It is", f" {low}")], "CLAUSE": [("Its", f" {low}"), ("The", f" {low}")],
            "STEP": [("Tip:", f" {cap}")]}


class Scorer:
    def __init__(self, model_path: str):
        from llama_cpp import Llama

        self.llm = Llama(model_path=model_path, n_ctx=256, logits_all=True, verbose=False)

    def score(self, frame: str, content: str) -> tuple[float, float, int]:
        """(sum over the sentence, sum over the content's tokens, tokens in the sentence) in nats."""
        import numpy as np

        tokenize = self.llm.tokenize
        context = tokenize(CONTEXT.encode(), add_bos=True, special=False)
        framed = tokenize(f"{CONTEXT} {frame}".encode(), add_bos=True, special=False)
        tokens = tokenize(f"{CONTEXT} {frame}{content}.".encode(), add_bos=True, special=False)
        shared = next((i for i in range(len(framed), 0, -1) if tokens[:i] == framed[:i]), 0)
        self.llm.reset()
        self.llm.eval(tokens)
        logprobs = []
        for i in range(len(context), len(tokens)):
            logits = np.asarray(self.llm.scores[i - 1], dtype=np.float64)
            top = logits.max()
            logprobs.append(float(logits[tokens[i]] - top - math.log(np.exp(logits - top).sum())))
        return sum(logprobs), sum(logprobs[shared - len(context):]), len(logprobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="smollm2", choices=("smollm2", "gemma3-270m"))
    args = parser.parse_args(argv)
    from generator.models import assemble, embedded_text_model

    model = embedded_text_model(args.model)
    assert model is not None
    scorer = Scorer(str(assemble(model) if model.chunks else model.path()))
    cases = labelled_cases(Path(__file__).resolve().parents[1] / "tests")
    picks: dict[str, int] = {"sentence": 0, "mean": 0, "content": 0}
    margins = {0.0: [0, 0], 2.0: [0, 0], 4.0: [0, 0]}  # margin -> [right, decided], NP against VP or CLAUSE
    for fragment, kind in cases:
        best = {k: max((scorer.score(f, c) for f, c in options), key=lambda s: s[1])
                for k, options in frames(fragment).items()}
        picks["sentence"] += max(best, key=lambda k: best[k][0]) == kind
        picks["mean"] += max(best, key=lambda k: best[k][0] / best[k][2]) == kind
        picks["content"] += max(best, key=lambda k: best[k][1]) == kind
        if kind in ("NP", "VP", "CLAUSE"):
            verb, thing = max(best["VP"][1], best["CLAUSE"][1]), best["NP"][1]
            for margin, tally in margins.items():
                if abs(verb - thing) >= margin:
                    tally[1] += 1
                    tally[0] += (verb > thing) == (kind != "NP")
    print(f"{args.model}: {len(cases)} labelled fragments from the tests")
    for name, right in picks.items():
        print(f"  kind chosen by the {name} log-probability: {right} of {len(cases)} ({right / len(cases):.0%})")
    for margin, (right, decided) in margins.items():
        print(f"  NP against a verb or clause, margin {margin:.0f} nats: {right} of {decided} decided right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
