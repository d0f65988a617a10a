"""Adapters: how unknot reads from and writes to the world outside the domain (files, exports)."""
