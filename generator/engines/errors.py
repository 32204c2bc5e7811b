class EngineNotReady(RuntimeError):
    """The engine failed to load or was never loaded."""


class EngineFailed(RuntimeError):
    """A backend failed mid-request (a remote server down, slow or refusing); the message says how."""
