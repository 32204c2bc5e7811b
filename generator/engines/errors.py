class EngineNotReady(RuntimeError):
    """The engine failed to load or was never loaded."""
