"""The title and text of a PDF's first pages (pypdf, imported lazily and only if installed):
the /Title of its metadata unless it is junk, else the largest text on the first page."""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Sequence

from citecheck.titles.page import MAX_TITLE_CHARS, PageInfo, best_title, collapse_space

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 30
"""Pages of a PDF whose text is extracted (figures are searched there)."""
MAX_PDF_TEXT_CHARS = 2_000_000
"""Characters of PDF text kept."""

# /Title values that name the authoring tool or a file rather than the work.
_JUNK_PDF_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel)\b|untitled\b|unbenannt\b|ohne titel\b|"
    r"dokument\s*\d*$|document\s*\d*$|titel$|title$|folie\s*\d+$|slide\s*\d+$|"
    r"powerpoint[- ]pr(?:ä|ae)sentation$|vorlage\b|template\b)"
    r"|\.(?:docx?|pptx?|xlsx?|odt|rtf|indd|tex|pdf|dotx?|qxp)$"
    # A bare file name: one token with an underscore or a digit-and-letter mix and no space
    # ("entwurf_v3", "BT_Drs_20-1234"), which no author types as a title.
    r"|^[\w.-]*_[\w.-]*$",
    re.IGNORECASE,
)


def extract_pdf(body: bytes) -> PageInfo:
    """The title and the text of a PDF's first pages, via pypdf when installed.

    The title is the /Title of the metadata unless it is missing or junk that word processors
    leave behind ("Microsoft Word - entwurf.docx", "Untitled", a file name); then it is the
    largest text on the first page (`_LargestText`), which costs nothing extra because the
    first page's text is extracted anyway. A body cut at the cap usually lacks the
    cross-reference table; pypdf then fails and the PDF simply has no title and no text.
    """
    try:
        from pypdf import PdfReader  # heavy and optional: imported only for PDFs
    except ImportError:  # pragma: no cover - depends on the environment
        return PageInfo((), None, "")
    largest = _LargestText()
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        metadata = reader.metadata
        raw_title = metadata.title if metadata is not None else None
        texts = []
        for number, page in enumerate(reader.pages[:MAX_PDF_PAGES]):
            visitor = largest.visit if number == 0 else None
            texts.append(page.extract_text(visitor_text=visitor) or "")
    except Exception as exc:  # pypdf raises many types for damaged or truncated files
        logger.debug("unreadable PDF: %s", exc)
        return PageInfo((), None, "")
    text = collapse_space(" ".join(texts))[:MAX_PDF_TEXT_CHARS]
    title = collapse_space(str(raw_title))[:MAX_TITLE_CHARS] if raw_title else ""
    if not title or is_junk_pdf_title(title):
        title = largest.title() or ""
    if not title:
        return PageInfo((), None, text)
    return PageInfo((title,), best_title([title]), text)


def is_junk_pdf_title(title: str) -> bool:
    """A /Title that names the authoring tool, a template or a file rather than the work."""
    return bool(_JUNK_PDF_TITLE.search(title.strip())) or not re.search(r"[^\W\d_]{2}", title)


class _LargestText:
    """pypdf `visitor_text` callback collecting the largest text of a page.

    Consecutive text pieces of the same effective size (font size × the vertical scale of the
    text and transformation matrices, within `_SIZE_TOLERANCE` points) form a run, so a title
    set in several pieces or wrapped over two lines stays one run. The title is the first run of
    the largest size that has at least two letters and is not too long; decorations such as a
    huge page number or a lone initial do not qualify.
    """

    _SIZE_TOLERANCE = 0.5
    _MAX_FRAGMENTS = 5_000  # a page with more pieces is not worth more work

    def __init__(self) -> None:
        self._runs: list[tuple[float, list[str]]] = []
        self._fragments = 0

    def visit(
        self,
        text: str,
        cm: Sequence[float],
        tm: Sequence[float],
        font_dict: object,
        font_size: float,
    ) -> None:
        """Record one piece of text (the signature pypdf calls with)."""
        if not text or self._fragments >= self._MAX_FRAGMENTS:
            return
        self._fragments += 1
        if not text.strip():
            if self._runs:
                self._runs[-1][1].append(" ")  # a line break inside a run joins with a space
            return
        try:
            # Vertical scale of the text rendering matrix (Tm × CTM): its second row's length.
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            size = abs(float(font_size)) * math.hypot(c, d)
        except (IndexError, TypeError, ValueError):
            return
        if not math.isfinite(size) or size <= 0:
            return
        if self._runs and abs(self._runs[-1][0] - size) <= self._SIZE_TOLERANCE:
            self._runs[-1][1].append(text)
        else:
            self._runs.append((size, [text]))

    def title(self) -> str | None:
        """The largest qualifying run, whitespace-normalised, or None."""
        best: tuple[float, str] | None = None
        for size, pieces in self._runs:
            text = collapse_space("".join(pieces))
            if len(text) > MAX_TITLE_CHARS or not re.search(r"[^\W\d_]{2}", text):
                continue
            if best is None or size > best[0] + self._SIZE_TOLERANCE:
                best = (size, text)
        return best[1] if best is not None else None
