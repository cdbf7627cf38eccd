"""The typed records the pipeline stages pass to each other.

Every record that stands for something found in a text carries a :class:`Span`: character
offsets into the *cleaned* text of its source (see :mod:`kg.clean`). The cleaned text keeps an
offset map back to the raw text, so provenance is never reconstructed after the fact: the graph
builder turns each span into raw offsets with :meth:`CleanText.raw_span`.

Records are frozen dataclasses: a stage never edits what an earlier stage produced, it makes
new records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def shift(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """What is known about a source file before reading it (from MANIFEST.tsv or the caller)."""

    publisher: str | None = None
    published: str | None = None  # ISO date (2024-08-02) or year (2025)
    title: str | None = None
    url: str | None = None
    region: str | None = None  # canonical province name, e.g. 江西省


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One input file, decoded. ``raw`` is the exact decoded text all offsets finally refer to."""

    path: Path
    raw: str
    meta: SourceMeta = field(default_factory=SourceMeta)
    #: The file's identity in the store: the build root's key, then the path below the root
    #: (``articles/seed/000_x.txt``); two files of one build never share it. Empty: the name.
    key: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def source_key(self) -> str:
        return self.key or self.path.name


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text plus, for each cleaned character, its index in the raw text."""

    text: str
    raw_index: tuple[int, ...]
    raw_length: int

    def raw_span(self, span: Span) -> Span:
        """The raw-text range covering cleaned ``span`` (layout breaks inside it included)."""
        if span.start == span.end:
            pos = (
                self.raw_index[span.start] if span.start < len(self.raw_index) else self.raw_length
            )
            return Span(pos, pos)
        return Span(self.raw_index[span.start], self.raw_index[span.end - 1] + 1)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # position in the article, from 0
    span: Span  # in the cleaned text
    text: str
    paragraph: int  # paragraph index in the article


@dataclass(frozen=True, slots=True)
class BylineName:
    name: str
    post: str | None  # 全媒体记者, 实习生, 记者 ... or None when the byline gives no title


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a source page: its header fields and its body sentences."""

    index: int  # position in the source, from 1
    span: Span  # whole article in the cleaned text
    title: str | None
    kicker: str | None = None
    subtitle: str | None = None
    byline_raw: str | None = None
    byline: tuple[BylineName, ...] = ()
    byline_org: str | None = None  # the outlet named in the byline (江西日报全媒体记者 -> 江西日报)
    dateline: str | None = None  # 8月1日 as written
    dateline_place: str | None = None  # 南昌 in 本报南昌8月1日电
    header: tuple[Sentence, ...] = ()  # kicker/title/subtitle lines, as sentences
    sentences: tuple[Sentence, ...] = ()  # body sentences


@dataclass(frozen=True, slots=True)
class AgencyRef:
    """An organisation as resolved: canonical name plus the surface form it was found under."""

    canonical: str
    mention: str
    span: Span | None
    level: str  # province, national, sub-unit, enterprise, city, other
    parent: str | None = None
    region: str | None = None
    known: bool = True  # False when the gazetteer did not know it and the surface form was kept
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    post: str | None
    organisation: str | None  # canonical agency name
    article: int
    role: str  # official, reporter, mentioned
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Event:
    key: str  # stable within a document, e.g. plenum:中国共产党江西省委员会:十五届六次全会
    name: str
    kind: str  # plenum, national_plenum, press_conference, meeting, session
    date: str | None  # ISO date
    organizer: str | None  # canonical agency name
    articles: tuple[int, ...]
    mentions: tuple[str, ...]
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Directive:
    id: str  # d1, d2 ... in document order
    article: int
    text: str
    cue: str
    span: Span  # the directive text
    sentence: Sentence
    issuer: str | None = None  # event key or agency/person name that issued it


@dataclass(frozen=True, slots=True)
class Pledge:
    id: str  # p1, p2 ...
    article: int
    agency: AgencyRef
    text: str
    cue: str
    span: Span
    sentence: Sentence
    responds_to: str | None = None  # Directive.id
    #: how the link was made: section (the mandate of its section), later (the article's
    #: mandate, stated after the pledge), explicit (the pledge names what it carries out)
    link: str | None = None
    speaker: str | None = None
    speaker_post: str | None = None
    speaker_unit: AgencyRef | None = None
    quote: str | None = None
    background: str | None = None
    continued: tuple[Sentence, ...] = ()  # further sentences the statement runs on into


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in a sentence, with its unit and what the sentence says about it."""

    span: Span  # the clause reported as ``text`` (indicator through number and unit)
    value_span: Span  # just the number and unit
    text: str
    value: Decimal
    unit: str
    value_max: Decimal | None = None
    qualifier: str | None = None  # 多, 余, 上, 约, 左右, 以上, 以内, 至, 力争, 不低于, 突破 ...
    measure: str = "level"  # growth_rate, level, share, rank, change_in_growth_pp, ...
    indicator: str | None = None  # the wording naming what is measured
    comparison: str | None = None  # 同比, 比一季度, 比上年 ...
    direction: str | None = None  # up, down
    period: str | None = None  # 2024, 2024-H1, 2024-06-30, as of 2024-08 ...
    rank_scope: str | None = None  # 全国
    future: bool = False  # a commitment (target), not a reported figure


@dataclass(frozen=True, slots=True)
class Observation:
    id: str  # o1 ...
    article: int
    quantity: Quantity
    sentence: Sentence
    region: str | None = None
    indicator_key: str | None = None  # notation of the normalised indicator, when known
    target: str | None = None  # Target.id where this number is a target


@dataclass(frozen=True, slots=True)
class Target:
    id: str  # t1 ...
    article: int
    quantity: Quantity
    sentence: Sentence
    pledge: str | None = None  # Pledge.id
    setter: AgencyRef | None = None  # the body that set it
    object: str | None = None
    region: str | None = None
    indicator_key: str | None = None


@dataclass(frozen=True, slots=True)
class Initiative:
    name: str
    mention: str
    owner: str | None  # canonical agency name
    article: int
    span: Span


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """Everything extracted from one source document: what the graph builder consumes."""

    source: SourceDoc
    clean: CleanText
    region: str | None
    published: str | None
    articles: tuple[Article, ...]
    agencies: tuple[AgencyRef, ...]
    persons: tuple[Person, ...]
    events: tuple[Event, ...]
    directives: tuple[Directive, ...]
    pledges: tuple[Pledge, ...]
    targets: tuple[Target, ...]
    observations: tuple[Observation, ...]
    initiatives: tuple[Initiative, ...]
    agency_articles: tuple[tuple[str, int], ...] = ()  # (canonical, article index) pairs
    warnings: tuple[str, ...] = ()  # what a user can mend (the region of a text, …)
