"""From an adapter's `Layout` to the domain `Document`: footnotes with their text, URLs, title,
ibid, references and problems, and the URLs cited in the running text outside footnotes.

Pure and linear in the input; nothing raises on arbitrary text.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from citecheck.lazy_patterns import lazy_pattern
from citecheck.models import Document, Footnote, InlineSource, Reference
from citecheck.parse.cited_title import extract_cited_title
from citecheck.parse.dates import access_date, document_date
from citecheck.parse.ibid import ibid_reference, resolve_ibids
from citecheck.parse.layout import BodyLines, Layout, RawDefinition
from citecheck.parse.markup import DefinitionText, read_definition
from citecheck.parse.structure import footnote_problems, structure_problems, uncited_figures
from citecheck.parse.url_finder import FoundUrl, WrapEvidence, find_urls
from citecheck.sentences import normalise_space, sentence_index, split_sentences
from citecheck.urls import fetchable

#: The publisher's notice where its papers are online ("Drucksachen und Plenarprotokolle sind
#: im Internet abrufbar unter: www.landtag-bw.de/Dokumente"): page furniture, not a source.
_PUBLICATION_NOTICE_RE = lazy_pattern(
    r"\b(?:Drucksachen|Plenarprotokolle|Veröffentlichungen)\b.{0,80}?\bim\s+Internet\b"
)


def build_document(path: str, layout: Layout) -> Document:
    """Turn an adapter's layout into the domain model.

    Per definition, in document order, a `Footnote`: its text and URLs (`read_definition`),
    cited title (`extract_cited_title`), ibid (`ibid_reference`, `resolve_ibids`), references
    (every body marker with its number, in the context of the body sentence carrying it;
    `_assign_markers` decides between two definitions of one number) and problems
    (`footnote_problems`); a paged adapter's pages are carried over. Per document,
    `structure_problems`, `uncited_figures` and `inline_sources`; each footnote's access
    date and the document's date (`parse.dates`: its text, else the layout's metadata).
    """
    evidence = WrapEvidence(layout.body + "\n" + "\n".join(d.text for d in layout.definitions))
    lines = BodyLines(layout)
    spans = split_sentences(layout.body)
    starts = [start for start, _ in spans]
    marker_lines = [lines.at(m.offset) for m in layout.markers]
    marker_sentences = [sentence_index(starts, m.offset) for m in layout.markers]
    contexts = [_context(layout.body, spans, index) for index in marker_sentences]
    references = [
        Reference(line, context, marker.page, offset=marker.offset)
        for marker, line, context in zip(layout.markers, marker_lines, contexts, strict=True)
    ]

    readings = [read_definition(d, evidence) for d in layout.definitions]
    numbers = [d.number for d in layout.definitions]
    marker_numbers = [m.number for m in layout.markers]
    references_to = [ibid_reference(r.text, bool(r.urls)) for r in readings]
    ibids = resolve_ibids(numbers, references_to, [r.text for r in readings])
    assigned = _assign_markers(layout.definitions, marker_numbers, marker_lines)
    footnotes: list[Footnote] = []
    first_line: dict[int, int] = {}
    for definition, reading, ibid, markers in zip(
        layout.definitions, readings, ibids, assigned, strict=True
    ):
        duplicate_of = first_line.get(definition.number)
        first_line.setdefault(definition.number, definition.line)
        cites = tuple(references[i] for i in markers)
        footnotes.append(_footnote(definition, reading, ibid, cites, duplicate_of))
    problems = structure_problems(numbers, marker_numbers, marker_lines)
    problems.extend(uncited_figures(layout.body, spans, set(marker_sentences), lines))
    cited = [url for reading in readings for url in reading.urls]
    return Document(
        path=path,
        format=layout.format,
        footnotes=tuple(footnotes),
        problems=tuple(problems),
        inline_sources=inline_sources(layout, evidence, spans, lines, cited),
        body=layout.body,
        body_lines=layout.line_starts,
        date=document_date(layout.body) or layout.metadata_date,
    )


def _footnote(
    definition: RawDefinition,
    reading: DefinitionText,
    ibid: int | None,
    references: tuple[Reference, ...],
    duplicate_of: int | None,
) -> Footnote:
    """One footnote from its definition, its reading and what the document says about it."""
    return Footnote(
        number=definition.number,
        line=definition.line,
        text=reading.text,
        cited_title=extract_cited_title(reading.text, reading.url_starts, reading.link_titles),
        ibid_of=ibid,
        references=references,
        urls=reading.urls,
        url_alternatives=reading.url_alternatives,
        problems=footnote_problems(
            definition.number,
            definition.line,
            bool(references),
            duplicate_of,
            bool(reading.urls) or ibid is not None,
        ),
        marker=definition.marker,
        page=definition.page,
        accessed=access_date(reading.text),
    )


def _assign_markers(
    definitions: Sequence[RawDefinition], marker_numbers: Sequence[int], marker_lines: Sequence[int]
) -> list[list[int]]:
    """For each definition, the indexes of the markers that cite it.

    When a number is defined twice, a marker belongs to the first definition at or after its
    line (footnotes sit below their markers).
    """
    by_number: dict[int, list[int]] = defaultdict(list)
    for index, definition in enumerate(definitions):
        by_number[definition.number].append(index)
    assigned: list[list[int]] = [[] for _ in definitions]
    for marker_index, (number, line) in enumerate(zip(marker_numbers, marker_lines, strict=True)):
        candidates = by_number.get(number)
        if not candidates:
            continue
        chosen = candidates[-1]
        for candidate in candidates:
            if definitions[candidate].line >= line:
                chosen = candidate
                break
        assigned[chosen].append(marker_index)
    return assigned


def inline_sources(
    layout: Layout,
    evidence: WrapEvidence,
    spans: Sequence[tuple[int, int]],
    lines: BodyLines,
    footnote_urls: Sequence[str] = (),
) -> tuple[InlineSource, ...]:
    """The URLs cited in the body outside footnotes: one `InlineSource` per distinct URL, at
    its first occurrence, in body order.

    URLs are the body's own (`find_urls` with the document's wrap evidence) and the targets of
    body hyperlinks the adapter recorded (`Layout.links`, a Markdown `[text](url)`), relative
    targets and anchors left out. URLs are the same when their fetchable forms are. A URL that
    a footnote definition cites is its footnote's and is not repeated here, and a publisher's
    notice of where its papers are online is furniture. The context is the body sentence the
    URL starts in.
    """
    written = find_urls(layout.body, evidence)
    found = [(u.start, u.url, u.alternatives) for u in written]
    for link in layout.links:
        target = find_urls(link.url)
        if target and target[0].start == 0:
            found.append((link.offset, target[0].url, ()))
    if not found:
        return ()
    found.sort(key=lambda item: item[0])
    seen = {fetchable(url) for url in footnote_urls}
    starts = [start for start, _ in spans]
    written_starts = [u.start for u in written]
    pages = dict(layout.line_pages)
    sources: list[InlineSource] = []
    for offset, url, alternatives in found:
        key = fetchable(url)
        if key in seen:
            continue
        seen.add(key)
        line = lines.at(offset)
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        context = _context_with_urls(layout.body, spans, index, written, written_starts)
        if _PUBLICATION_NOTICE_RE().search(context):
            continue
        sources.append(
            InlineSource(
                line, url, context, pages.get(line), alternatives=alternatives, offset=offset
            )
        )
    return tuple(sources)


def _context_with_urls(
    body: str,
    spans: Sequence[tuple[int, int]],
    index: int,
    urls: Sequence[FoundUrl],
    url_starts: Sequence[int],
) -> str:
    """The sentence at `index` like `_context`, each URL in it as read (wraps rejoined);
    `url_starts` are the `urls`' start offsets."""
    if not spans:
        return ""
    start, end = spans[index]
    pieces: list[str] = []
    position = start
    for index in range(bisect.bisect_left(url_starts, start), len(urls)):
        found = urls[index]
        if found.end > end:
            break
        pieces.append(body[position : found.start])
        pieces.append(found.url)
        position = found.end
    pieces.append(body[position:end])
    return normalise_space("".join(pieces))


def _context(body: str, spans: Sequence[tuple[int, int]], index: int) -> str:
    """The whitespace-normalised sentence at `index` ("" for an empty body)."""
    if not spans:
        return ""
    start, end = spans[index]
    return normalise_space(body[start:end])
