"""Writing and checking descriptions, by one of two strategies (pipeline.py picks, per engine):

- grounded (small models): analysis.py types each fact, realize.py plans and realizes sentences from
  the facts, voice.py has the model write the opening and closing lines (grounded.py);
- free (capable models): drafting.py drafts, repair.py keeps what checks out and realizes the rest,
  selection.py picks the best of N.
Either way claims.py checks every sentence (with factcheck.py's claims) and compose.py lays out
what passes; both read their docs and matches from check/ (one parse a sentence, spaCy's PhraseMatcher and
Matcher). Imports run one way: nlp <- lexicon <- check <- factcheck <- claims <- analysis <- realize <-
compose <- voice <- postprocess <- drafting <- repair <- selection <- grounded <- pipeline;
scorecard only reads report dicts.
"""
from .pipeline import QualityPipeline, Written
from .selection import Candidate, DraftOutcome

__all__ = ["Candidate", "DraftOutcome", "QualityPipeline", "Written"]
