"""Product description generation: validation, prompts, engines, checking and provenance."""
