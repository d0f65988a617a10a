"""What the inflammatory back pain criteria share: their result (spec section 3)."""

from __future__ import annotations

from pydantic import BaseModel


class IbpResult(BaseModel):
    """``{"positive", "applicable", "fulfilled"}``.

    ``positive`` counts the features present even when the criteria do not apply, so that a
    clinician sees them; ``fulfilled`` is true only when the criteria apply and enough are met.
    """

    positive: int
    applicable: bool
    fulfilled: bool
