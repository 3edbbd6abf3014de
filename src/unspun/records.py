"""Typed records passed between pipeline stages.

All records live here so that every stage speaks the same vocabulary. Spans are half-open
``[start, end)`` character offsets into the text named by the record that holds them, so
reports and highlights never have to search the text again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

if TYPE_CHECKING:
    import numpy as np

    from unspun.segment.tokens import TokenBytes

MediaType = Literal["text/html", "text/plain"]
AnchorKind = Literal["number", "money", "percent", "date", "name", "acronym", "quote"]
Verdict = Literal["copy", "related", "unrelated"]
Extent = Literal["whole", "partial"]
"""How much of a copy came from its source: all or most of it, or some passages."""
RewriteType = Literal[
    "verbatim", "near_verbatim", "spun", "paraphrase", "summary", "translated", "mixed"
]
EditOp = Literal["keep", "substitute", "insert", "delete"]
NameSide = Literal["source", "copy"]
LshChannel = Literal["word", "anchor"]
"""The two LSH channels: word 5-shingles and anchor-term 3-shingles."""
EditFlag = Literal["name_mangled", "tortured", "synonym", "other"]
"""Flags on a substituting edit (see ``unspun.explain.flags``), strongest evidence of spinning
first: edits list their flags, and ``rank_evidence`` ranks them, in this order."""
EDIT_FLAGS: tuple[EditFlag, ...] = get_args(EditFlag)
InjectedKind = Literal["keyword_stuffing", "filler", "link_spam", "off_topic"]
"""Kinds of injected content (see ``unspun.explain.spam``)."""
INJECTED_KINDS: tuple[InjectedKind, ...] = get_args(InjectedKind)


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input document before extraction.

    Exactly one of ``data`` (bytes as read from disk or stdin, encoding unknown) and ``text``
    (already decoded, e.g. a JSONL ``text`` field) is set.
    """

    uri: str
    media_type: MediaType
    data: bytes | None = None
    text: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not be turned into a RawDoc or Doc, with the reason for a person."""

    uri: str
    reason: str


@dataclass(frozen=True, slots=True)
class Doc:
    """Extracted main text of a page.

    ``text`` holds the article body with paragraphs separated by a blank line. The blocks
    extraction set aside (navigation, widgets, comments, repeated titles) are kept in
    ``boilerplate`` so reports can show them.
    """

    id: str
    uri: str
    text: str
    title: str = ""
    boilerplate: tuple[str, ...] = ()
    date: str | None = None
    site: str | None = None
    url: str | None = None


class Span(NamedTuple):
    """Offsets of a piece of a text (a paragraph, an aligned run of sentences).

    ``Span``, ``Sentence`` and ``Anchor`` are named tuples rather than frozen dataclasses, for
    the reason ``Token`` is: a text has hundreds of them, and segmenting makes them from rows
    with ``tuple.__new__`` at 0.55-0.8 times the cost of the cheapest way to make slotted
    dataclasses (each slot set from C; ``python -m benchmarks.segment_speed``)."""

    start: int
    end: int


class Token(NamedTuple):
    """A word token: offsets into the segmented text and its normalised (lower-case) form.

    A named tuple rather than a frozen dataclass: texts have thousands of tokens, and a
    frozen dataclass costs several times more to create.
    """

    start: int
    end: int
    norm: str


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int


class Anchor(NamedTuple):
    """A token sequence that spinners and paraphrasers rarely touch.

    ``key`` is the normalised form used for matching (``"$420,000"`` -> ``"420000"``,
    ``"Nick Marro"`` -> ``"nick marro"``).
    """

    start: int
    end: int
    kind: AnchorKind
    key: str


@dataclass(frozen=True, slots=True)
class Segmented:
    """A text cut into paragraphs, sentences, tokens and anchors, all with offsets into it."""

    text: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    anchors: tuple[Anchor, ...]

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start : s.end]

    @property
    def norms(self) -> tuple[str, ...]:
        """The normalised form of every token, in order."""
        return tuple(t.norm for t in self.tokens)


@dataclass(frozen=True, slots=True)
class Outline:
    """What fingerprints and the index of sources need of a text (``segment.outline``): a
    ``Segmented`` whose tokens are their normalised forms only, as byte spans of the
    lower-cased text and without offsets into the text. Making a ``Token``, or even a string,
    per word was most of segmenting's cost, and neither the index nor the crawl's
    fingerprints read a token's offsets."""

    text: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    words: TokenBytes
    """The tokens' normalised forms (``Segmented.norms``), as UTF-8 byte spans."""
    anchors: tuple[Anchor, ...]

    @property
    def norms(self) -> tuple[str, ...]:
        return tuple(self.words.norms())

    @property
    def n_tokens(self) -> int:
        return len(self.words.starts)

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start : s.end]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """MinHash signatures of a text's word shingles and anchor-term shingles, their LSH band
    keys, the text's distinct anchor terms and its token count: one record for the index and
    the crawl (``unspun.fingerprint.fingerprint`` makes it)."""

    word_sig: np.ndarray
    anchor_sig: np.ndarray
    word_keys: np.ndarray
    anchor_keys: np.ndarray
    terms: frozenset[str]
    n_tokens: int

    @property
    def has_words(self) -> bool:
        return self.n_tokens > 0

    @property
    def has_anchors(self) -> bool:
        return bool(self.terms)

    def band_keys(self) -> tuple[tuple[LshChannel, np.ndarray], ...]:
        """The LSH keys of each channel; none for a channel without shingles (an empty
        signature would collide with every other empty one)."""
        import numpy as np

        empty = np.zeros(0, dtype=np.int64)
        return (("word", self.word_keys if self.has_words else empty),
                ("anchor", self.anchor_keys if self.has_anchors else empty))


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: str
    uri: str
    title: str


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """What an index keeps about a source besides its text: the page's date, site and URL
    when extraction found them, and the blocks it set aside as boilerplate."""

    date: str | None = None
    site: str | None = None
    url: str | None = None
    boilerplate: tuple[str, ...] = ()

    @classmethod
    def of(cls, doc: Doc) -> SourceMeta:
        return cls(doc.date, doc.site, doc.url, doc.boilerplate)

    def to_json(self) -> dict[str, object]:
        """The stored form: only the fields that are set."""
        out: dict[str, object] = {
            k: v for k, v in (("date", self.date), ("site", self.site), ("url", self.url)) if v}
        if self.boilerplate:
            out["boilerplate"] = list(self.boilerplate)
        return out

    @classmethod
    def from_json(cls, data: dict[str, object]) -> SourceMeta:
        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        blocks = data.get("boilerplate")
        return cls(text("date"), text("site"), text("url"),
                   tuple(str(b) for b in blocks) if isinstance(blocks, list) else ())


@dataclass(frozen=True, slots=True)
class IndexedSource:
    """A source as the index returns it: its row, reference, segmentation and metadata."""

    rowid: int
    ref: SourceRef
    segmented: Segmented
    meta: SourceMeta


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit: ``copy_text == copy[copy_start:copy_end]`` and ``source_text ==
    source[source_start:source_end]``, offsets absolute in the two texts (the copy and the source).

    An insertion has an empty source span at the point of insertion; a deletion an empty copy
    span. ``flags`` is set on substitutions only (see ``unspun.explain.flags``).
    """

    op: EditOp
    copy_start: int
    copy_end: int
    source_start: int
    source_end: int
    copy_text: str
    source_text: str
    flags: tuple[EditFlag, ...] = ()
    expression: str | None = None
    """For a ``tortured`` flag no list gave: the source expression the swap broke."""
    real_name: NameSide | None = None
    """For a ``name_mangled`` flag: the side whose words are the real name."""


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Copy sentences ``copy`` aligned to source sentences ``source`` (1:1, 1:n or n:1).

    ``copy_span``/``source_span`` are character offsets into the copy's extracted text and the
    source's stored text; ``copy_sentences``/``source_sentences`` are sentence indices.
    """

    copy_span: Span
    source_span: Span
    copy_sentences: tuple[int, ...]
    source_sentences: tuple[int, ...]
    similarity: float
    edits: tuple[Edit, ...] = ()
    """What changed inside the pair (filled in by ``unspun.explain``; keeps omitted)."""
    rewrite: RewriteType | None = None
    """How this pair was rewritten (filled in with the edits; see ``classify.pair_rewrite``)."""
    lexical: float | None = None
    """The pair's similarity from words alone, when ``similarity`` also weighs sentence
    vectors (an aligner with an embedder); None when it is words alone already."""
    quoted: bool | None = None
    """Most of the words the pair shares are inside quotations (filled in with the edits):
    independent reports quote the same statements, so such a pair is weak evidence."""


@dataclass(frozen=True, slots=True)
class Alignment:
    pairs: tuple[AlignedPair, ...]
    coverage_copy: float
    coverage_source: float
    order: float
    """Share of aligned pairs in source order (1.0: no sentence moved)."""
    mean_similarity: float
    mean_lexical: float | None = None
    """Mean pair similarity from words alone, when ``mean_similarity`` also weighs sentence
    vectors; None for a words-only alignment."""
    words: Alignment | None = None
    """The alignment of the same texts by words alone (what an aligner without sentence
    vectors gives), when this one also weighed them; the verdict reads its evidence there."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A source retrieved for a query, and why it was retrieved."""

    doc_id: str
    channels: tuple[str, ...]
    anchor_score: float = 0.0
    word_jaccard: float = 0.0
    anchor_jaccard: float = 0.0
    dense_score: float = 0.0


@dataclass(frozen=True, slots=True)
class Rewrite:
    """What kind of rewrite a copy is, how sure, and the alignment features behind it."""

    type: RewriteType
    confidence: float
    features: tuple[tuple[str, float], ...]
    languages: tuple[str, ...] = ()
    """(copy, source) ISO 639-1 codes when identified (``und``: too little text)."""


@dataclass(frozen=True, slots=True)
class Match:
    source: SourceRef
    source_text: str
    score: float
    verdict: Verdict
    channels: tuple[str, ...]
    alignment: Alignment
    rewrite: Rewrite | None = None
    probability: float = 0.0
    """P(copy) by the verdict model (``unspun.classify``); the verdict is ``copy`` at or above
    its threshold, and matches are ranked by it."""
    evidence: tuple[tuple[str, float], ...] = ()
    """The features the verdict model read (``unspun.classify.evidence``)."""
    extent: Extent | None = None
    """For a copy: ``whole`` or ``partial`` (some passages of the source in a page of its own)."""


@dataclass(frozen=True, slots=True)
class InjectedSpan:
    span: Span
    text: str
    kind: InjectedKind


@dataclass(frozen=True, slots=True)
class Report:
    """Everything unspun found about one query document."""

    query: Doc
    matches: tuple[Match, ...] = ()
    injected: tuple[InjectedSpan, ...] = ()
    warnings: tuple[str, ...] = field(default=())


# --- cluster ---

Role = Literal["original", "copy"]


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """One page of a family, placed relative to the family's root.

    ``relative_to`` is the member the rewrite and coverage are measured against: the original
    when it is in the crawl, else the member closest to the absent original (the root).
    ``parent`` is the member this one was most probably copied from; None for the original,
    and for a member copied straight from an original that is not in the crawl.
    """

    id: str
    uri: str
    title: str
    role: Role
    rewrite: RewriteType | None
    coverage: float
    """Share of this member's tokens aligned to ``relative_to`` (1.0 for the root itself)."""
    source_coverage: float
    """Share of ``relative_to``'s tokens this member covers."""
    relative_to: str | None
    parent: str | None
    injected: int
    """Injected spam spans found in this member."""
    score: float
    """The probable-original score (see docs/cluster.md); the root has the highest."""
    evidence: tuple[str, ...] = ()
    parent_evidence: tuple[str, ...] = ()
    report: str | None = None
    """Path of the side-by-side report against ``relative_to``, relative to the output folder."""


@dataclass(frozen=True, slots=True)
class Family:
    """Pages that copy one text: the original (when present) and its descendants.

    ``id`` is a hash of the sorted member ids, so it is the same on every run and engine.
    Members are listed root first, then in id order.
    """

    id: str
    members: tuple[FamilyMember, ...]
    root: str
    original_present: bool
    evidence: tuple[str, ...] = ()
    edges: tuple[tuple[str, str], ...] = ()
    """Verified copy links (member id pairs) that joined the family."""


@dataclass(frozen=True, slots=True)
class ClusterStats:
    documents: int
    failures: int
    candidate_pairs: int
    verified_pairs: int
    copy_pairs: int
    families: int
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """Families of a crawl, largest first, with the run's counts and the inputs that failed."""

    families: tuple[Family, ...]
    stats: ClusterStats
    failures: tuple[InputFailure, ...] = ()
