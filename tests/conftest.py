"""Shared test helpers.

Missing infrastructure (PostgreSQL, Chromium) skips a test on a developer's machine, but under
``CI=true`` it fails the run: CI must prove every layer, not quietly skip one.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing_infrastructure(what: str) -> NoReturn:
    """Skip locally; fail under CI=true. ``what`` says what is missing and how to get it."""
    if in_ci():
        pytest.fail(f"CI=true and {what}: CI must run every test, so this is a failure.")
    pytest.skip(what)
