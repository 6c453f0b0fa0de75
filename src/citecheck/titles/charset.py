"""Decoding a page's bytes to text as browsers do: byte-order mark, HTTP charset, meta tags,
then detection (charset-normalizer, lazily, only for undeclared non-UTF-8 text)."""

from __future__ import annotations

import codecs
import re

# Labels browsers decode differently from Python's codec of the same name (WHATWG Encoding).
_LABEL_CODECS = {
    **dict.fromkeys(
        (
            "iso-8859-1",
            "iso8859-1",
            "iso_8859-1",
            "iso-ir-100",
            "latin1",
            "latin-1",
            "l1",
            "cp819",
            "ibm819",
            "csisolatin1",
            "us-ascii",
            "ascii",
            "ansi_x3.4-1968",
            "windows-1252",
            "x-cp1252",
            "x-user-defined",
        ),
        "cp1252",
    ),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2"), "utf-8"),
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN_BYTES = 4096
_DETECT_BYTES = 65_536
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""\bcharset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
_HTTP_EQUIV = re.compile(rb"""http-equiv\s*=\s*["']?\s*content-type""", re.IGNORECASE)


def codec_for(label: str | None) -> str | None:
    """The Python codec a browser would use for a charset label, or None if it is unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    mapped = _LABEL_CODECS.get(name)
    if mapped is not None:
        return mapped
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # Bytes-to-bytes codecs ("base64", "zlib") are no charsets; CodecInfo marks text encodings.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _meta_charset(head: bytes) -> str | None:
    """The charset a `<meta charset>` or `<meta http-equiv=Content-Type>` tag declares."""
    for tag in _META_TAG.finditer(head):
        text = tag.group()
        found = _META_CHARSET.search(text)
        if found is None:
            continue
        # `charset=` inside a plain <meta name=… content=…> means nothing; it counts in
        # <meta charset=…> and in http-equiv Content-Type tags.
        if re.match(rb"<meta\s+(?:[^>]*\s)?charset\s*=", text, re.IGNORECASE) or (
            _HTTP_EQUIV.search(text)
        ):
            codec = codec_for(found.group(1).decode("ascii", "replace"))
            if codec is not None:
                return codec
    return None


def _detect(body: bytes) -> str:
    """The encoding of undeclared text: UTF-8 if valid, else a detector's guess or cp1252."""
    sample = body[:_DETECT_BYTES]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample cut inside a multi-byte character at its end is still UTF-8.
        if exc.start < len(sample) - 3:
            return _guess(sample)
    return "utf-8"


def _guess(sample: bytes) -> str:
    """charset-normalizer's best guess for non-UTF-8 bytes, else windows-1252."""
    try:
        from charset_normalizer import from_bytes  # lazily: only undeclared non-UTF-8 pages
    except ImportError:  # pragma: no cover - depends on the environment
        return "cp1252"
    best = from_bytes(sample).best()
    if best is None:
        return "cp1252"
    # Single-byte Latin code pages often decode a sample identically; German and English pages
    # are far more often windows-1252 than cp1250/cp1254, so it wins among equal candidates.
    if "cp1252" in best.could_be_from_charset:
        return "cp1252"
    return codec_for(best.encoding) or "cp1252"


def sniff_codec(body: bytes, charset: str | None, *, html: bool = True) -> tuple[str, int]:
    """(codec, length of the byte-order mark) `decode_body` decodes `body` with."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return bom_codec, len(bom)
    codec = codec_for(charset)
    if codec is None and html:
        codec = _meta_charset(body[:_PRESCAN_BYTES])
    if codec is None:
        codec = _detect(body)
    return codec, 0


def decode_body(body: bytes, charset: str | None, *, html: bool = True) -> tuple[str, str]:
    """(text, codec): `body` decoded as a browser would (WHATWG "encoding sniffing").

    First hit wins: a byte-order mark; the HTTP Content-Type charset (`charset`); for HTML
    (`html`), a `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in
    the first 4 KB; else detection — valid UTF-8 is UTF-8, anything else is charset-normalizer's
    best guess or windows-1252 (without charset-normalizer, windows-1252). Labels mean what
    browsers make of them (`codec_for`): "iso-8859-1", "latin1" and "us-ascii" are windows-1252
    (pages so labelled routinely contain its „quotes“ and dashes), and a UTF-16 label on a page
    without a UTF-16 byte-order mark is UTF-8. Undecodable bytes become U+FFFD; never raises.
    """
    codec, skip = sniff_codec(body, charset, html=html)
    return body[skip:].decode(codec, errors="replace"), codec
