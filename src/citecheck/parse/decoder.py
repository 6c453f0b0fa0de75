"""A global decoder of footnote structure: which numbered lines are definitions and which
digits are markers, chosen together as the best-scoring consistent chain.

The model: a chain gives the numbers 1, 2, … N in order a definition line each (or a gap) and
each definition a body marker (or none: an unused definition). Consistent means definitions in
increasing line order, markers in increasing reading order, each marker before its definition,
and the first marker of a new footnote block after the previous block. Every choice is scored:
a matched footnote earns a reward less its marker's shape cost, plus its definition's quality;
a definition without a marker earns little inside a block of the chain and costs alone (table
rows, list items, amounts are never chosen for themselves); gaps cost more; departures from the
layout (a marker a page before its block, out of order in two columns, after its definition,
far away) cost a little. A beam search over the numbers (Viterbi with pruning) returns the best
chain of any length; numbering restarts (annexes, bundled reports) are decoded after it.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Reward of a definition that has a marker (before the marker cost and definition quality).
MATCH_REWARD = 7.0
#: Score of a definition kept without a marker (before its quality bonus).
UNUSED_SCORE = -2.0
#: Extra score of an unused definition inside a footnote block of the chain.
UNUSED_IN_BLOCK = 1.0
#: Cost of a number with no definition (a numbering gap).
GAP_COST = 6.0
#: Cost of a marker that stands before the previous footnote block (a definition put off by a
#: page: its marker sits before the definitions of the page before).
EARLY_MARKER_COST = 4.0
#: Lines within which a marker stands before its definition at no cost (a page of text, or of
#: a table whose cells are lines); each further such stretch costs `FAR_MARKER_COST`.
PAGE_LINES = 150
FAR_MARKER_COST = 2.0
#: Cost of a definition without a source signal (URL, "vgl.", a year …) when matched.
UNSOURCED_COST = 1.0
#: Cost of leaving a footnote block for one more than a page away when the block holds the
#: next number itself.
BLOCK_LEAVE_COST = 3.0
#: Cost of a marker out of order within one footnote block's page (two columns read apart).
ORDER_COST = 1.5
#: Cost of a marker printed after its definition, in the body after its block.
LATE_MARKER_COST = 3.0
#: How many partial chains survive each number.
BEAM = 24
#: How many numbers in a row may be gaps.
MAX_GAPS = 3
#: The largest footnote number decoded.
MAX_NUMBER = 3000


@dataclass(frozen=True, slots=True)
class DefinitionCandidate:
    """A line that could start a definition: its number, where, and how much it looks like one."""

    line: int
    number: int
    quality: float
    """Added to the score when chosen: positive for source-like text, negative for table rows."""
    block: int
    """Lines with the same block id form one footnote block when both are definitions."""
    signal: bool = False
    """The text names a source (URL, "vgl.", "abgerufen" …): kept even when its marker is lost."""
    late_until: int = 0
    """A marker may stand after the definition, before this line (the sentence goes on over the
    page break: its first body line after the footnote block); 0 when it may not."""


@dataclass(frozen=True, slots=True)
class MarkerCandidate:
    """A reading of digits in the body as a marker naming `numbers` (consecutive)."""

    line: int
    start: int
    end: int
    numbers: tuple[int, ...]
    cost: float
    kind: str = "glued"
    position: int = field(init=False, repr=False, compare=False)
    """A sortable reading position (line, then column); set from `line` and `start` (a field,
    not a property: the decoder reads it several hundred thousand times)."""
    end_position: int = field(init=False, repr=False, compare=False)
    """The reading position just after the marker."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "position", self.line * 100_000 + self.start)
        object.__setattr__(self, "end_position", self.line * 100_000 + self.end)


@dataclass(frozen=True, slots=True)
class Footnote:
    """One decoded footnote: its definition and its marker (None: unused definition)."""

    number: int
    definition: DefinitionCandidate
    marker: MarkerCandidate | None


@dataclass(slots=True)
class _State:
    score: float
    number: int
    definition: DefinitionCandidate | None
    marker: MarkerCandidate | None  # the chain's last marker in reading order
    key: tuple[int, int, int]
    """The chain's end: its definition's line (-1: none), its last marker's reading position
    (the chain's start position: none), the last number its marker reading names."""
    gaps: int
    back: _State | None = field(default=None, repr=False)
    picked: bool = False  # this step chose `definition` as footnote `number` (not a gap)
    matched: MarkerCandidate | None = None  # the marker chosen with it (None: unused)
    floor: int = -1  # markers of the current footnote block stand after this reading position


#: A way to extend a chain, before it becomes a `_State`: (score, the chain, the definition
#: chosen (None: a gap), its marker, the chain's last marker after it, the chain's end).
_Proposal = tuple[
    float,
    _State,
    DefinitionCandidate | None,
    MarkerCandidate | None,
    MarkerCandidate | None,
    tuple[int, int, int],
]
#: The score of a proposal.
_SCORE = operator.itemgetter(0)
#: A marker kind (cost, names several) of `_MarkerIndex`, from its (kind, markers) item.
_KIND = operator.itemgetter(0)
#: A marker's reading position (`MarkerCandidate.position`).
_POSITION = operator.attrgetter("position")
#: A definition candidate with what its proposals need: (candidate, the score of leaving it
#: unused (before the block bonus), the cost of naming no source).
_Prepared = tuple[DefinitionCandidate, float, float]


class _MarkerIndex:
    """Marker readings by first number, searchable by position window and cost."""

    def __init__(self, markers: Sequence[MarkerCandidate]) -> None:
        by_number: dict[int, list[MarkerCandidate]] = {}
        for marker in markers:
            by_number.setdefault(marker.numbers[0], []).append(marker)
        self._levels: dict[int, list[tuple[bool, list[int], list[MarkerCandidate]]]] = {}
        for number, found in by_number.items():
            kinds: dict[tuple[float, bool], list[MarkerCandidate]] = {}
            for m in found:  # one pass; each kind's markers keep their order, then sort stably
                kinds.setdefault((m.cost, len(m.numbers) > 1), []).append(m)
            levels = []
            for (_, multi), group in sorted(kinds.items(), key=_KIND):
                group.sort(key=_POSITION)
                levels.append((multi, [m.position for m in group], group))
            self._levels[number] = levels
        self._memo: dict[tuple[int, int, int], list[MarkerCandidate]] = {}

    def options(self, number: int, after: int, before_line: int) -> list[MarkerCandidate]:
        """Readings for `number` in the window: the cheapest (earliest among equals), the
        cheapest that names several numbers ("1, 2"), and the earliest of any cost; the same
        again within a page before `before_line` (a far marker costs `FAR_MARKER_COST`).

        Remembered (the chains of a beam ask the same question): callers must not change
        the list."""
        key = (number, after, before_line)
        found = self._memo.get(key)
        if found is None:
            found = self._options(number, after, before_line)
            near = (before_line - PAGE_LINES) * 100_000
            if near > after and found:
                found += [m for m in self._options(number, near, before_line) if m not in found]
            self._memo[key] = found
        return found

    def _options(self, number: int, after: int, before_line: int) -> list[MarkerCandidate]:
        cheapest: MarkerCandidate | None = None
        several: MarkerCandidate | None = None
        earliest: MarkerCandidate | None = None
        earliest_at = 0
        for multi, positions, group in self._levels.get(number, ()):
            index = bisect.bisect_left(positions, after)
            if index < len(group) and group[index].line < before_line:
                found = group[index]
                if cheapest is None:
                    cheapest = found
                if multi and several is None:
                    several = found
                if earliest is None or positions[index] < earliest_at:
                    earliest, earliest_at = found, positions[index]
        if cheapest is None:
            return []
        options = [cheapest]
        if several is not None and several is not cheapest:
            options.append(several)
        if earliest is not None and earliest is not cheapest and earliest is not several:
            options.append(earliest)
        return options


def decode(
    definitions: Sequence[DefinitionCandidate], markers: Sequence[MarkerCandidate]
) -> list[Footnote]:
    """The best consistent chain of footnotes, then again after it when numbering restarts."""
    by_number: dict[int, list[DefinitionCandidate]] = {}
    for candidate in sorted(definitions, key=lambda d: d.line):
        if 1 <= candidate.number <= MAX_NUMBER:
            by_number.setdefault(candidate.number, []).append(candidate)
    index = _MarkerIndex(markers)
    found: list[Footnote] = []
    after_line, after_position = -1, -1
    for _ in range(8):  # a document with annexes restarts its numbering a few times
        chain = _best_chain(by_number, index, after_line, after_position)
        if sum(f.marker is not None for f in chain) < (2 if found else 1):
            break
        found.extend(chain)
        after_line = chain[-1].definition.line
        last = max(f.marker.end_position for f in chain if f.marker is not None)
        after_position = max(last, after_line * 100_000)
    return found


def _best_chain(
    by_number: dict[int, list[DefinitionCandidate]],
    index: _MarkerIndex,
    after_line: int,
    after_position: int,
) -> list[Footnote]:
    """One chain numbered from 1, with definitions after `after_line` (a Viterbi beam).

    For each number every chain of the beam proposes its extensions (`_propose`); the best
    proposal per chain end (`_State.key`) is kept, and the `BEAM` best of those become the
    next beam (ties: the one proposed first)."""
    start = _State(0.0, 0, None, None, (-1, after_position, 0), 0, floor=after_position)
    beam = [start]
    best = start
    top = max(by_number, default=0)
    for number in range(1, top + 1):
        grown: dict[tuple[int, int, int], _Proposal] = {}
        candidates = by_number.get(number, ())
        prepared = [
            (
                c,
                UNUSED_SCORE + (2.0 if c.signal else 0.0) + min(c.quality, 0.0),
                0.0 if c.signal else UNSOURCED_COST,
            )
            for c in candidates
        ]
        last_line: dict[int, int] = {}
        for c in candidates:
            last_line[c.block] = max(c.line, last_line.get(c.block, -1))
        for state in beam:
            _propose(grown, state, number, prepared, last_line, index, after_line)
        if not grown:
            break
        ranked = sorted(grown.values(), key=_SCORE, reverse=True)[:BEAM]
        beam = [_grown_state(proposal, number) for proposal in ranked]
        if beam[0].score > best.score:
            best = beam[0]
        if all(s.gaps >= MAX_GAPS for s in beam):
            break
    chain: list[Footnote] = []
    walk: _State | None = best
    while walk is not None:
        if walk.picked and walk.definition is not None:
            chain.append(Footnote(walk.number, walk.definition, walk.matched))
        walk = walk.back
    chain.reverse()
    return chain


def _propose(
    grown: dict[tuple[int, int, int], _Proposal],
    state: _State,
    number: int,
    prepared: Sequence[_Prepared],
    last_line: dict[int, int],
    index: _MarkerIndex,
    after_line: int,
) -> None:
    """Every way to extend a partial chain by footnote `number`, each kept in `grown` when it
    is the best yet for its chain end, the first among equals (`last_line`: the last candidate
    line of each block; `after_line`: the line a chain's definitions must come after)."""
    score, key, kept = state.score, state.key, state.marker
    kept_at, covered = key[1], key[2]
    get = grown.get
    if state.gaps < MAX_GAPS:
        other = get(key)
        if other is None or other[0] < score - GAP_COST:
            grown[key] = (score - GAP_COST, state, None, None, kept, key)
    previous = state.definition
    floor = previous.line if previous is not None else after_line
    block = previous.block if previous is not None else None
    block_goes_on = previous is not None and last_line.get(previous.block, -1) > floor
    in_block = state.picked and state.matched is not None
    for candidate, unused, unsourced in prepared:
        line = candidate.line
        if line <= floor:
            continue
        same_block = block is not None and block == candidate.block
        far_block = not same_block and line - floor > PAGE_LINES
        leave = BLOCK_LEAVE_COST if block_goes_on and far_block else 0.0
        if covered >= number and kept is not None:
            gain = score + MATCH_REWARD + candidate.quality
            end = (line, kept_at, covered)
            other = get(end)
            if kept.line < line and (other is None or other[0] < gain):
                grown[end] = (gain, state, candidate, kept, kept, end)
            continue
        if same_block and in_block:
            unused += UNUSED_IN_BLOCK
        gain = score + (unused - leave)
        end = (line, kept_at, number)
        other = get(end)
        if other is None or other[0] < gain:
            grown[end] = (gain, state, candidate, None, kept, end)
        markers, extra = _marker_options(state, number, candidate, index, same_block)
        for marker in markers:
            far = max(0, line - marker.line - 1) // PAGE_LINES * FAR_MARKER_COST
            delta = -marker.cost - extra - far - unsourced - leave
            gain = score + MATCH_REWARD + candidate.quality + delta
            at = marker.position
            if kept is None or at > kept_at:
                end = (line, at, marker.numbers[-1])
                proposal = (gain, state, candidate, marker, marker, end)
            else:
                end = (line, kept_at, marker.numbers[-1])
                proposal = (gain, state, candidate, marker, kept, end)
            other = get(end)
            if other is None or other[0] < gain:
                grown[end] = proposal


def _marker_options(
    state: _State,
    number: int,
    candidate: DefinitionCandidate,
    index: _MarkerIndex,
    same_block: bool,
) -> tuple[list[MarkerCandidate], float]:
    """Marker readings for `candidate` as footnote `number`, and the extra cost they all have.

    In order: after the chain's last marker and, for the first definition of a footnote block,
    after the previous block. Failing that: before the previous block (`EARLY_MARKER_COST`: a
    definition put off by a page), out of order within the block's page (`ORDER_COST`: columns
    read out of order), or on the first body line after the block (`LATE_MARKER_COST`).
    """
    previous = state.definition
    after = state.marker.end_position if state.marker is not None else state.key[1]
    line = candidate.line
    if not same_block and previous is not None:
        block_start = max(after, (previous.line + 1) * 100_000)
        options = index.options(number, block_start, line)
        if options:
            return options, 0.0
        options = index.options(number, after, line)
        if options:
            return options, EARLY_MARKER_COST
    else:
        options = index.options(number, after, line)
        if options:
            return options, 0.0
        if state.floor < after:
            options = index.options(number, state.floor, line)
            if options:
                return options, ORDER_COST
    if candidate.late_until > line:
        late_after = max(after, (line + 1) * 100_000)
        return index.options(number, late_after, candidate.late_until), LATE_MARKER_COST
    return [], 0.0


def _grown_state(proposal: _Proposal, number: int) -> _State:
    """The chain a kept proposal makes: a gap, or a definition for `number` with its marker."""
    score, back, candidate, marker, kept, key = proposal
    if candidate is None:
        return _State(
            score, number, back.definition, kept, key, back.gaps + 1, back, floor=back.floor
        )
    previous = back.definition
    if previous is None or previous.block != candidate.block:
        floor = (previous.line + 1) * 100_000 if previous is not None else back.floor
    else:
        floor = back.floor
    return _State(score, number, candidate, kept, key, 0, back, True, marker, floor)
