"""Offline evaluation harnesses."""
