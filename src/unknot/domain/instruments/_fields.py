"""Field types shared by the questionnaire models: whole numbers and numbers within a range,
whose out-of-range error names the full allowed range (spec, interfaces.md: "a clear message
naming the field and what is allowed")."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, ValidationError, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError

_RANGE_ERRORS = frozenset({"greater_than_equal", "less_than_equal"})


def described_range(low: float, high: float) -> WrapValidator:
    """Replace pydantic's one-sided bound message with "must be from LOW to HIGH (got X)"."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as error:
            if error.errors()[0]["type"] in _RANGE_ERRORS:
                raise PydanticCustomError(
                    "out_of_range",
                    "must be from {low} to {high} (got {got})",
                    {"low": low, "high": high, "got": value},
                ) from None
            raise

    return WrapValidator(check)


AGE_MAX = 120
"""The highest age accepted, in years: a plausibility bound so that typing slips are caught."""

MONTHS_MAX = AGE_MAX * 12
"""The longest back-pain duration accepted, in months: no longer than the oldest age accepted
(a plausibility bound that any duration derived from a valid assessment stays within)."""

Age = Annotated[int, Field(strict=True, ge=0, le=AGE_MAX), described_range(0, AGE_MAX)]
"""An age in whole years, 0-120."""

Months = Annotated[int, Field(strict=True, ge=0, le=MONTHS_MAX), described_range(0, MONTHS_MAX)]
"""How long back pain has lasted, in whole months."""

Flag = Annotated[bool, Field(strict=True)]
"""A yes/no answer: JSON ``true`` or ``false`` only (no 0/1 or "yes", nothing guessed)."""
