"""Command line (stub; being written)."""

from __future__ import annotations


def main() -> None:
    """Entry point."""
    raise SystemExit(0)
