"""The web layer: Gradio tabs (ui.py) and their API handlers (handlers.py), the original REST routes
(rest.py), the operator routes (operations.py), strict input components (components.py) and request
metrics (middleware.py). It calls the service only; errors map to statuses and titles through
generator/errors.py (web/errors.py adapts them).
"""
