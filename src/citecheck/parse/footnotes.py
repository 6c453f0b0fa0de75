"""Format-independent footnote rules (stub; being written)."""

from __future__ import annotations

from citecheck.models import Document
from citecheck.parse.layout import Layout


def build_document(path: str, layout: Layout) -> Document:
    """Turn an adapter's layout into the domain model."""
    return Document(path=path, format=layout.format)
