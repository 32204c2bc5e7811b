"""The checking pipeline: draft, check the claims against the facts, repair, pick the best, score.

Imports run one way: postprocess <- drafting; factcheck <- repair <- selection <- pipeline;
scorecard only reads report dicts.
"""
from .pipeline import QualityPipeline, Written
from .selection import Candidate, DraftOutcome

__all__ = ["Candidate", "DraftOutcome", "QualityPipeline", "Written"]
