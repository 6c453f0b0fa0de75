"""Classification of a fetch into a LinkStatus (stub; being written)."""

from __future__ import annotations

from citecheck.models import Fetched, LinkStatus


def classify(fetched: Fetched) -> tuple[LinkStatus, str | None]:
    """The status and machine reason for one fetched URL."""
    return LinkStatus.SKIPPED, "not_implemented"
