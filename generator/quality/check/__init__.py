"""One checker's parsing and matching, shared by the whole-text score (factcheck.py) and the sentence flags
(claims.py):

- docs.py: a text's sentences, each parsed by the spaCy pipeline once (a sentence already parsed for its flags
  is not parsed again for the score);
- terms.py: materials, colours and certifications, found with a `PhraseMatcher` on lower-case tokens;
- patterns.py: production, provenance, price, popularity, meta and compliance-lint claims, found with a
  `Matcher` whose token patterns come from data/claim_patterns.toml.

Both matchers run on the docs of docs.py, so a claim is the same span whichever check asks.
"""
