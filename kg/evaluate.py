"""Score an extraction against a gold answer key.

Input: two dicts in the gold shape of ``GOLD-SCHEMA.md`` (top-level keys ``articles``,
``events``, ``agencies``, ``persons``, ``directives``, ``pledges``, ``targets``,
``observations``, ``initiatives``): the hand-made key and what ``kg extract`` printed for the
same source. Extra fields on either side are ignored. Output: a :class:`Report` with
precision, recall and F1 per key. The one idea: an item counts as found when its *identifying*
fields match, and each gold item can be found by one predicted item only.

Scoring rules
-------------
Matching is one-to-one per key. Candidate pairs are ranked by text similarity, then by
agreement on a secondary field (same article; same organizer for events), taken greedily
best first, and the result is completed with augmenting paths, so no other pairing would give
more matches. Each item counts once: two identical gold figures (``o1`` and ``o9`` of the seed
key, the same sentence in two articles) need two predicted figures, and a third copy is a
false positive.

``optional: true`` gold items are neither rewarded nor punished. Non-optional gold is matched
first; predicted items left over may then match optional gold, and such a predicted item is
neither a true nor a false positive; an optional gold item nobody found is not missed.

When nothing is predicted and nothing is gold, precision, recall and F1 are 1.0; a ratio
whose denominator is 0 in any other case is 0.0.

Text normalisation (:func:`normalise`): NFKC (full-width forms become half-width, ``％`` is
``%``), no whitespace, case folded, trailing ``。，；`` removed. Two texts *overlap*
(:func:`overlap`) when, normalised, they are equal, one contains the other (the contained one
at least ``MIN_CONTAINED_CHARS`` characters long), or the Dice coefficient of their sets of
character bigrams is at least ``DICE_THRESHOLD``.

What identifies an item, per key (names, units, kinds and dates compared normalised):

- ``agencies``: the canonical name. Gold has one entry per surface form, so each side is first
  reduced to its set of distinct canonical names (an optional name is one whose entries are all
  optional); indices in the report are those of the first entry with that name.
- ``directives``: the text overlaps.
- ``pledges``: the agency's canonical name is equal, ``responds_to`` names the same directive
  and the text overlaps. A predicted directive id stands for the gold directive its directive
  was matched to (optional ones included); a link to a directive that matched nothing is wrong;
  no link on both sides is right.
- ``pledges_agency``: a looser diagnostic, agency and text as for pledges, link ignored.
- ``targets``, ``observations``: value equal as a number (21.0 is 21), unit equal, ``value_max``
  equal when gold gives one, and the text or the indicator overlaps (each compared with the
  same field of the other side).
- ``persons``: the name is equal and, when both sides give one, so is the article. Predicted
  articles are paired with gold articles by title, the rest in order; when either side lists
  no articles, ``a2`` (or 2) is the second article on both.
- ``initiatives``: the names are equal once quotes (“”‘’"「」) are removed, or one mention
  (quotes removed) contains the other.
- ``events``: the kind is equal, the predicted name overlaps the gold name or one of the gold
  mentions, and the date is equal when gold gives one.

:func:`load_gold` reads and checks a gold YAML file; :func:`evaluate` scores one document;
:func:`evaluate_many` adds up the counts of several documents (micro-average).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError
from kg.serialize import KEYS

DICE_THRESHOLD = 0.5  # bigram Dice coefficient from which two texts overlap
MIN_CONTAINED_CHARS = 2  # a contained text must be this long (>= 2: candidates need bigrams)
SMALL_BLOCK = 256  # up to this many text pairs in a block, all are tried without indexing
TRAILING_PUNCTUATION = "。，；,;"  # NFKC turns ，； into ,; so both forms are listed
QUOTES = "“”‘’\"'「」『』"  # removed from initiative names and mentions

GOLD_KEYS = KEYS  # the answer-key format is the extraction output's format
#: Top-level keys a gold file may add: ``scope`` is the exact text of the one paragraph a key
#: covers (a work report's targets); only facts read from inside it are scored.
EXTRA_GOLD_KEYS = ("scope",)
SCORED_KEYS = (
    "agencies",
    "directives",
    "pledges",
    "pledges_agency",
    "targets",
    "observations",
    "persons",
    "initiatives",
    "events",
)
TABLE_HEADER = ("key", "tp", "fp", "fn", "precision", "recall", "f1")


def _same_period(a: Any, b: Any) -> bool:
    """Periods compared as labels; ``as of 2019-10`` is ``2019-10``, and an interval's end
    may leave out what it shares with its start (ISO 8601: ``2019-01/08`` is
    ``2019-01/2019-08``)."""

    def norm(v: Any) -> str | None:
        if v in (None, ""):
            return None
        label = str(v).removeprefix("as of ").strip()
        if "/" in label:
            start, end = label.split("/", 1)
            if len(end) < len(start):
                end = start[: len(start) - len(end)] + end
            label = f"{_months(start, first=True)}/{_months(end, first=False)}"
        return label

    return norm(a) == norm(b)


def _months(label: str, *, first: bool) -> str:
    """An interval's end in months: 2019-Q1 opens 2019-01, 2019-Q3 closes 2019-09."""
    m = re.fullmatch(r"(\d{4})-(Q[1-4]|H[12])", label)
    if m is None:
        return label
    part = m.group(2)
    n = int(part[1])
    month = (3 * n - 2 if first else 3 * n) if part[0] == "Q" else (6 * n - 5 if first else 6 * n)
    return f"{m.group(1)}-{month:02d}"


def _same_indicator(a: Any, b: Any) -> bool:
    if not a or not b:
        return not a and not b
    return overlap(str(a), str(b))


def _same_qualifier(a: Any, b: Any) -> bool:
    return (normalise(str(a)) if a else None) == (normalise(str(b)) if b else None)


def _field(item: Item, name: str) -> Any:
    """A figure's field; a target's indicator is also written ``object`` (what is counted)."""
    value = item.get(name)
    return item.get("object") if value is None and name == "indicator" else value


FIGURE_KEYS = ("targets", "observations")
#: The fields scored on matched figures, each with what counts as right.
FIGURE_FIELDS: dict[str, Callable[[Any, Any], bool]] = {
    "period": _same_period,
    "indicator": _same_indicator,
    "qualifier": _same_qualifier,
}

# Fields a gold entry cannot do without (present and not empty).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "articles": ("id",),
    "events": ("name", "kind"),
    "agencies": ("canonical",),
    "persons": ("name",),
    "directives": ("text",),
    "pledges": ("agency", "text"),
    "targets": ("text", "value", "unit"),
    "observations": ("text", "value", "unit"),
    "initiatives": ("name",),
}
# (key, field, key whose ids it refers to): cross-references load_gold checks.
REFERENCES = (
    ("pledges", "responds_to", "directives"),
    ("targets", "pledge", "pledges"),
    ("observations", "target", "targets"),
    ("events", "articles", "articles"),
    ("persons", "article", "articles"),
    ("observations", "article", "articles"),
    ("initiatives", "article", "articles"),
)

Item = Mapping[str, Any]
Weight = tuple[float, int]  # (text similarity, agreement on secondary fields): higher is better
Edges = dict[tuple[int, int], Weight]
Texts = tuple[Hashable | None, Sequence[str]]  # (block, texts): only equal blocks are compared


class GoldFormatError(InputError, ValueError):
    """A gold file cannot be read as an answer key."""


# --- results ----------------------------------------------------------------------------------


def _ratio(part: int, whole: int, empty: bool) -> float:
    if whole:
        return part / whole
    return 1.0 if empty else 0.0


@dataclass(frozen=True, slots=True)
class KeyScore:
    """Counts and ratios for one key. Indices point into the gold and predicted lists (for
    agencies, at the first entry of each canonical name)."""

    key: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    matches: tuple[tuple[int, int], ...]  # (gold index, predicted index), true positives
    missed: tuple[int, ...]  # gold indices, false negatives
    spurious: tuple[int, ...]  # predicted indices, false positives
    absorbed: tuple[tuple[int, int], ...] = ()  # (optional gold, predicted): not counted

    @classmethod
    def from_counts(
        cls,
        key: str,
        tp: int,
        fp: int,
        fn: int,
        matches: tuple[tuple[int, int], ...] = (),
        missed: tuple[int, ...] = (),
        spurious: tuple[int, ...] = (),
        absorbed: tuple[tuple[int, int], ...] = (),
    ) -> KeyScore:
        empty = tp + fp + fn == 0
        precision = _ratio(tp, tp + fp, empty)
        recall = _ratio(tp, tp + fn, empty)
        f1 = _ratio(2 * tp, 2 * tp + fp + fn, empty)
        return cls(key, tp, fp, fn, precision, recall, f1, matches, missed, spurious, absorbed)


@dataclass(frozen=True, slots=True)
class FieldScore:
    """For the figures matched in one key, how many have one field right (``period``,
    ``indicator``, ``qualifier``): a figure without its period or indicator is noise."""

    key: str
    field: str
    right: int
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Report:
    scores: dict[str, KeyScore]  # in SCORED_KEYS order
    fields: dict[str, FieldScore] = field(default_factory=dict)  # "targets.period" …

    def to_json(self) -> dict[str, Any]:
        """Plain dicts and lists, ready for ``json.dumps``."""
        return {
            key: {
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "matches": [list(m) for m in s.matches],
                "missed": list(s.missed),
                "spurious": list(s.spurious),
                "absorbed": [list(m) for m in s.absorbed],
            }
            for key, s in self.scores.items()
        } | {
            "fields": {
                name: {"right": f.right, "total": f.total, "share": f.share}
                for name, f in self.fields.items()
            }
        }

    def table_rows(self) -> list[tuple[str, ...]]:
        """One row of strings per key, columns as in :data:`TABLE_HEADER`."""
        return [
            (
                key,
                str(s.tp),
                str(s.fp),
                str(s.fn),
                *(f"{r:.3f}" for r in (s.precision, s.recall, s.f1)),
            )
            for key, s in self.scores.items()
        ]


# --- text -------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """The form texts are compared in: NFKC, no whitespace, case folded, no trailing 。，；."""
    folded = "".join(unicodedata.normalize("NFKC", text).casefold().split())
    return folded.rstrip(TRAILING_PUNCTUATION)


def _bigrams(norm: str) -> frozenset[str]:
    return frozenset(map(str.__add__, norm, norm[1:]))


@dataclass(frozen=True, slots=True)
class _Text:
    norm: str
    grams: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Text:
        norm = normalise(text)
        return cls(norm, _bigrams(norm))


def _similarity(a: _Text, b: _Text, contained_only: bool = False) -> float | None:
    """The Dice coefficient of ``a`` and ``b`` when they overlap, else None."""
    if not a.norm or not b.norm:
        return None
    if a.norm == b.norm:
        return 1.0
    short, long = (a, b) if len(a.norm) <= len(b.norm) else (b, a)
    contained = len(short.norm) >= MIN_CONTAINED_CHARS and short.norm in long.norm
    total = len(a.grams) + len(b.grams)
    score = 2 * len(a.grams & b.grams) / total if total else 0.0
    if contained or (not contained_only and score >= DICE_THRESHOLD):
        return score
    return None


def dice(a: str, b: str) -> float:
    """Dice coefficient of the character-bigram sets of ``a`` and ``b`` (normalised)."""
    x, y = _Text.of(a), _Text.of(b)
    if x.norm == y.norm:
        return 1.0 if x.norm else 0.0
    total = len(x.grams) + len(y.grams)
    return 2 * len(x.grams & y.grams) / total if total else 0.0


def overlap(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are the same text for scoring (see the module docstring).

    >>> overlap("全省规模以上工业增加值同比增长8.8%。", "规模以上工业增加值同比增长8.8％")
    True
    >>> overlap("全力巩固增强经济回升向好态势", "坚决防范化解重点领域风险")
    False
    """
    return _similarity(_Text.of(a), _Text.of(b)) is not None


def _text_pairs(
    gold: Sequence[Texts], pred: Sequence[Texts], contained_only: bool = False
) -> dict[tuple[int, int], float]:
    """Every (gold, predicted) item pair of one block with overlapping texts, best score kept.

    Items are (block, texts); only items of equal, non-None blocks are compared, and each item
    may have several texts.
    """
    g_blocks: dict[Hashable, list[tuple[int, _Text]]] = defaultdict(list)
    for i, (block, texts) in enumerate(gold):
        if block is not None:
            g_blocks[block].extend((i, _Text.of(t)) for t in texts if t)
    p_blocks: dict[Hashable, list[tuple[int, _Text]]] = defaultdict(list)
    for i, (block, texts) in enumerate(pred):
        if block is not None and block in g_blocks:
            p_blocks[block].extend((i, _Text.of(t)) for t in texts if t)
    found: dict[tuple[int, int], float] = {}
    for block, p_texts in p_blocks.items():
        g_texts = g_blocks[block]
        for gi, pi in _candidates([t for _, t in g_texts], [t for _, t in p_texts]):
            (g_owner, g), (p_owner, p) = g_texts[gi], p_texts[pi]
            score = _similarity(g, p, contained_only)
            if score is not None and score > found.get((g_owner, p_owner), -1.0):
                found[g_owner, p_owner] = score
    return found


def _candidates(gold: Sequence[_Text], pred: Sequence[_Text]) -> set[tuple[int, int]]:
    """A superset of the (gold, predicted) text pairs that overlap, without trying them all.

    Prefix filtering, with bigrams ordered rarest first. If the shorter text X (n bigrams) is
    contained in Y, Y has X's rarest bigram. If Dice >= 0.5, Y has n to 3n bigrams and the two
    share at least (n + |Y|) / 4 of them, so X's rarest ``n - ceil(n/2) + 1`` and Y's rarest
    ``|Y| - ceil(|Y|/3) + 1`` bigrams meet; the first bigram they meet at is their rarest shared
    one, so the bigrams after it must still be able to reach that share. Texts too short for
    bigrams only overlap when equal.
    """
    if len(gold) * len(pred) <= SMALL_BLOCK:
        return {(gi, pi) for gi in range(len(gold)) for pi in range(len(pred))}
    by_norm: dict[str, list[int]] = defaultdict(list)
    for gi, g in enumerate(gold):
        by_norm[g.norm].append(gi)
    pairs = {(gi, pi) for pi, p in enumerate(pred) for gi in by_norm.get(p.norm, ())}
    freq: Counter[str] = Counter()
    for t in (*gold, *pred):
        freq.update(t.grams)
    rank = {gram: i for i, gram in enumerate(sorted(freq, key=freq.__getitem__))}
    g_grams = [sorted(t.grams, key=rank.__getitem__) for t in gold]
    p_grams = [sorted(t.grams, key=rank.__getitem__) for t in pred]

    def probe(short: list[list[str]], long: list[list[str]]) -> list[tuple[int, int]]:
        """Pairs where the ``short`` side's text has no more bigrams than the other."""
        sizes = [len(grams) for grams in long]
        firsts = {grams[0] for grams in short if grams}
        every: dict[str, list[int]] = defaultdict(list)  # only the firsts: for containment
        rarest: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (text, position)
        for li, grams in enumerate(long):
            for gram in firsts.intersection(grams):
                every[gram].append(li)
            for j, gram in enumerate(grams[: len(grams) - (len(grams) + 2) // 3 + 1]):
                rarest[gram].append((li, j))
        found: list[tuple[int, int]] = []
        for si, grams in enumerate(short):
            n = len(grams)
            if not n:
                continue
            hits = {li for li in every.get(grams[0], ()) if sizes[li] >= n}
            seen: set[int] = set()
            for i, gram in enumerate(grams[: n // 2 + 1]):
                for li, j in rarest.get(gram, ()):
                    # The first hit is the rarest shared bigram: no more than min(n - i, m - j)
                    # are shared, and Dice >= 0.5 needs (n + m) / 4.
                    m = sizes[li]
                    if li not in seen and n <= m <= 3 * n:
                        seen.add(li)
                        if 4 * min(n - i, m - j) >= n + m:
                            hits.add(li)
            found.extend((si, li) for li in hits)
        return found

    pairs.update(probe(g_grams, p_grams))
    pairs.update((gi, pi) for pi, gi in probe(p_grams, g_grams))
    return pairs


# --- field access -----------------------------------------------------------------------------


def _items(doc: Mapping[str, Any], key: str, side: str) -> list[Item]:
    value = doc.get(key)
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ValueError(f"{side} '{key}' must be a list of mappings, got {type(value).__name__}")
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise ValueError(
                f"{side} {key}[{i}] must be a mapping of fields, got {type(item).__name__}"
            )
    return list(value)


def _str(item: Item, name: str) -> str | None:
    value = item.get(name)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _strs(item: Item, name: str) -> list[str]:
    value = item.get(name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [str(v) for v in value if v is not None]
    return []


def _key(item: Item, name: str) -> str | None:
    """A field normalised for equality (canonical names, units, kinds, dates)."""
    text = _str(item, name)
    return normalise(text) if text else None


def _number(value: Any) -> Decimal | None:
    """21.0, 21, "21" and "２１" are all Decimal 21; anything else is None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)  # shortest round-trip form: 8.8, not 8.800000000000000710...
    try:
        number = Decimal(unicodedata.normalize("NFKC", str(value)).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _optional(item: Item) -> bool:
    return item.get("optional") is True


def _strip_quotes(text: str) -> str:
    return text.translate({ord(q): None for q in QUOTES})


# --- articles ---------------------------------------------------------------------------------


def _article_ids(doc: Mapping[str, Any], side: str) -> dict[str, int]:
    return {str(a["id"]): i for i, a in enumerate(_items(doc, "articles", side)) if a.get("id")}


def _article_position(ref: Any, ids: Mapping[str, int]) -> int | None:
    """Position (from 0) of the article a field refers to: an id ("a2") or an index (2)."""
    if ref is None or isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return ref - 1
    text = str(ref).strip()
    if text in ids:
        return ids[text]
    number = re.fullmatch(r"[aA]?(\d+)", text)
    return int(number.group(1)) - 1 if number else None


def _article_map(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[int, int] | None:
    """Predicted article position -> gold position; None means "same position"."""
    g_titles = [normalise(_str(a, "title") or "") for a in _items(gold, "articles", "gold")]
    p_titles = [normalise(_str(a, "title") or "") for a in _items(pred, "articles", "predicted")]
    if not g_titles or not p_titles:
        return None
    free: dict[str, list[int]] = defaultdict(list)
    for gi, title in enumerate(g_titles):
        if title:
            free[title].append(gi)
    mapping: dict[int, int] = {}
    for pi, title in enumerate(p_titles):
        if free.get(title):
            mapping[pi] = free[title].pop(0)
    rest_gold = [gi for gi in range(len(g_titles)) if gi not in mapping.values()]
    rest_pred = [pi for pi in range(len(p_titles)) if pi not in mapping]
    mapping.update(zip(rest_pred, rest_gold, strict=False))
    return mapping


@dataclass(frozen=True, slots=True)
class _Articles:
    """Puts both sides' ``article`` fields in gold article positions, to compare them."""

    gold_ids: Mapping[str, int]
    pred_ids: Mapping[str, int]
    mapping: Mapping[int, int] | None  # predicted position -> gold position; None: the same

    @classmethod
    def of(cls, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> _Articles:
        return cls(
            _article_ids(gold, "gold"), _article_ids(pred, "predicted"), _article_map(gold, pred)
        )

    def gold(self, items: Sequence[Item]) -> list[int | None]:
        return [_article_position(item.get("article"), self.gold_ids) for item in items]

    def pred(self, items: Sequence[Item]) -> list[int | None]:
        """Gold positions; -1 for an article that has no gold counterpart."""
        positions = [_article_position(item.get("article"), self.pred_ids) for item in items]
        if self.mapping is None:
            return positions
        return [None if pos is None else self.mapping.get(pos, -1) for pos in positions]


# --- matching ---------------------------------------------------------------------------------


def _augment(
    root: int,
    adj: Mapping[int, list[int]],
    g2p: dict[int, int],
    p2g: dict[int, int],
    visited: set[int],
) -> bool:
    """Find an augmenting path from free gold ``root`` (iterative DFS) and flip it."""
    stack = [(root, 0)]
    path: list[int] = []  # path[k]: the predicted item tried from stack[k]
    while stack:
        g, i = stack[-1]
        options = adj[g]
        while i < len(options) and options[i] in visited:
            i += 1
        if i == len(options):
            stack.pop()
            if path:
                path.pop()
            continue
        p = options[i]
        visited.add(p)
        stack[-1] = (g, i + 1)
        path.append(p)
        owner = p2g.get(p)
        if owner is None:
            for (gg, _), pp in zip(stack, path, strict=True):
                g2p[gg] = pp
                p2g[pp] = gg
            return True
        stack.append((owner, 0))
    return False


def _match(edges: Edges, gold: Collection[int], pred: Collection[int]) -> dict[int, int]:
    """One-to-one gold -> predicted: greedy by weight, then grown to maximum cardinality."""
    usable = sorted(
        ((w, g, p) for (g, p), w in edges.items() if g in gold and p in pred),
        key=lambda e: (-e[0][0], -e[0][1], e[1], e[2]),
    )
    adj: dict[int, list[int]] = defaultdict(list)
    g2p: dict[int, int] = {}
    p2g: dict[int, int] = {}
    for _, g, p in usable:
        adj[g].append(p)
        if g not in g2p and p not in p2g:
            g2p[g] = p
            p2g[p] = g
    grew = True
    while grew:  # a round without growth searched everything: the matching is maximum
        grew = False
        visited: set[int] = set()
        for g in list(adj):
            if g not in g2p and _augment(g, adj, g2p, p2g, visited):
                grew = True
    return g2p


def _score(key: str, edges: Edges, gold: Mapping[int, bool], pred: Collection[int]) -> KeyScore:
    """``gold``: index -> optional. Non-optional gold first, then optional gold absorbs."""
    required = {g for g, opt in gold.items() if not opt}
    main = _match(edges, required, set(pred))
    left = set(pred) - set(main.values())
    extra = _match(edges, {g for g, opt in gold.items() if opt}, left)
    return KeyScore.from_counts(
        key,
        tp=len(main),
        fp=len(left) - len(extra),
        fn=len(required) - len(main),
        matches=tuple(sorted(main.items())),
        missed=tuple(sorted(required - set(main))),
        spurious=tuple(sorted(left - set(extra.values()))),
        absorbed=tuple(sorted(extra.items())),
    )


def _edges(
    pairs: Mapping[tuple[int, int], float],
    accept: Callable[[int, int], bool] = lambda g, p: True,
    bonus: Callable[[int, int], int] = lambda g, p: 0,
) -> Edges:
    return {(g, p): (s, bonus(g, p)) for (g, p), s in pairs.items() if accept(g, p)}


def _all(items: Sequence[Item]) -> dict[int, bool]:
    return {i: _optional(item) for i, item in enumerate(items)}


def _same(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> Callable[[int, int], int]:
    """1 when gold item g and predicted item p give the same non-empty value, else 0."""
    return lambda g, p: int(a[g] is not None and a[g] == b[p])


# --- keys -------------------------------------------------------------------------------------


def _agencies(gold: Sequence[Item], pred: Sequence[Item]) -> KeyScore:
    """Distinct canonical names; the first entry of a name stands for all its entries."""

    def distinct(items: Sequence[Item]) -> tuple[dict[str, int], dict[int, bool]]:
        first: dict[str, int] = {}
        optional: dict[int, bool] = {}
        for i, item in enumerate(items):
            if (name := _key(item, "canonical")) is None:
                continue
            kept = first.setdefault(name, i)
            optional[kept] = optional.get(kept, True) and _optional(item)
        return first, optional

    g_first, g_optional = distinct(gold)
    p_first, _ = distinct(pred)
    edges = {(g, p_first[name]): (1.0, 0) for name, g in g_first.items() if name in p_first}
    return _score("agencies", edges, g_optional, p_first.values())


def _texts(item: Item, *names: str) -> list[str]:
    return [text for name in names if (text := _str(item, name))]


def _directives(gold: Sequence[Item], pred: Sequence[Item]) -> KeyScore:
    pairs = _text_pairs(
        [(0, _texts(i, "text")) for i in gold], [(0, _texts(i, "text")) for i in pred]
    )
    return _score("directives", _edges(pairs), _all(gold), range(len(pred)))


def _pledges(
    gold: Sequence[Item],
    pred: Sequence[Item],
    directives: KeyScore,
    gold_dirs: Sequence[Item],
    pred_dirs: Sequence[Item],
) -> tuple[KeyScore, KeyScore]:
    """Strict (agency, link, text) and loose (agency, text) pledge scores."""
    g_agency = [_key(i, "agency") for i in gold]
    p_agency = [_key(i, "agency") for i in pred]
    pairs = _text_pairs(
        [(a, _texts(i, "text")) for a, i in zip(g_agency, gold, strict=True)],
        [(a, _texts(i, "text")) for a, i in zip(p_agency, pred, strict=True)],
    )
    # Links as gold directive positions: None for no link, -1 / -2 for links to nothing.
    g_dir = {str(d["id"]): i for i, d in enumerate(gold_dirs) if d.get("id") is not None}
    p_dir = {str(d["id"]): i for i, d in enumerate(pred_dirs) if d.get("id") is not None}
    to_gold = {p: g for g, p in (*directives.matches, *directives.absorbed)}
    g_link = [None if (r := _str(i, "responds_to")) is None else g_dir.get(r, -1) for i in gold]
    p_link = [
        None if (r := _str(i, "responds_to")) is None else to_gold.get(p_dir.get(r, -2), -2)
        for i in pred
    ]
    linked = _edges(pairs, lambda g, p: g_link[g] == p_link[p])
    strict = _score("pledges", linked, _all(gold), range(len(pred)))
    loose = _score("pledges_agency", _edges(pairs), _all(gold), range(len(pred)))
    return strict, loose


def _quantities(
    key: str, gold: Sequence[Item], pred: Sequence[Item], articles: _Articles
) -> KeyScore:
    """Targets and observations: blocks of equal (value, unit), then text or indicator."""

    def block(item: Item) -> tuple[Decimal, str] | None:
        value = _number(item.get("value"))
        return None if value is None else (value, _key(item, "unit") or "")

    g_blocks, p_blocks = [block(i) for i in gold], [block(i) for i in pred]
    pairs = _text_pairs(
        [(b, _texts(i, "text")) for b, i in zip(g_blocks, gold, strict=True)],
        [(b, _texts(i, "text")) for b, i in zip(p_blocks, pred, strict=True)],
    )
    by_indicator = _text_pairs(
        [(b, _texts(i, "indicator")) for b, i in zip(g_blocks, gold, strict=True)],
        [(b, _texts(i, "indicator")) for b, i in zip(p_blocks, pred, strict=True)],
    )
    for pair, score in by_indicator.items():
        pairs[pair] = max(score, pairs.get(pair, -1.0))
    g_max = [_number(i.get("value_max")) for i in gold]
    p_max = [_number(i.get("value_max")) for i in pred]
    same_article = _same(articles.gold(gold), articles.pred(pred))
    edges = _edges(pairs, lambda g, p: g_max[g] is None or g_max[g] == p_max[p], same_article)
    return _score(key, edges, _all(gold), range(len(pred)))


def _persons(gold: Sequence[Item], pred: Sequence[Item], articles: _Articles) -> KeyScore:
    g_article, p_article = articles.gold(gold), articles.pred(pred)
    by_name: dict[str, list[int]] = defaultdict(list)
    for p, item in enumerate(pred):
        if name := _key(item, "name"):
            by_name[name].append(p)
    edges: Edges = {}
    for g, item in enumerate(gold):
        for p in by_name.get(_key(item, "name") or "", ()):
            if g_article[g] is None or p_article[p] is None:
                edges[g, p] = (1.0, 0)
            elif g_article[g] == p_article[p]:
                edges[g, p] = (1.0, 1)
    return _score("persons", edges, _all(gold), range(len(pred)))


def _initiatives(gold: Sequence[Item], pred: Sequence[Item], articles: _Articles) -> KeyScore:
    """Equal names, or one mention containing the other (quotes removed from both)."""

    def mentions(items: Sequence[Item]) -> list[Texts]:
        return [(0, [_strip_quotes(t) for t in _texts(i, "mention", "name")[:1]]) for i in items]

    pairs = _text_pairs(mentions(gold), mentions(pred), contained_only=True)
    by_name: dict[str, list[int]] = defaultdict(list)
    for p, item in enumerate(pred):
        if name := _str(item, "name"):
            by_name[normalise(_strip_quotes(name))].append(p)
    for g, item in enumerate(gold):
        if name := _str(item, "name"):
            for p in by_name.get(normalise(_strip_quotes(name)), ()):
                pairs[g, p] = 1.0
    edges = _edges(pairs, bonus=_same(articles.gold(gold), articles.pred(pred)))
    return _score("initiatives", edges, _all(gold), range(len(pred)))


def _events(gold: Sequence[Item], pred: Sequence[Item]) -> KeyScore:
    """Blocks of equal kind; the predicted name against the gold name and mentions."""
    pairs = _text_pairs(
        [(_key(i, "kind"), [*_texts(i, "name"), *_strs(i, "mentions")]) for i in gold],
        [(_key(i, "kind"), _texts(i, "name") or _strs(i, "mentions")) for i in pred],
    )
    g_date, p_date = [_key(i, "date") for i in gold], [_key(i, "date") for i in pred]
    organizers = _same([_key(i, "organizer") for i in gold], [_key(i, "organizer") for i in pred])
    edges = _edges(pairs, lambda g, p: g_date[g] is None or g_date[g] == p_date[p], organizers)
    return _score("events", edges, _all(gold), range(len(pred)))


# --- entry points -----------------------------------------------------------------------------


def evaluate(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> Report:
    """Score ``predicted`` against ``gold``, both dicts in the gold shape."""
    for side, doc in (("gold", gold), ("predicted", predicted)):
        if not isinstance(doc, Mapping):
            raise ValueError(f"{side} must be a mapping of keys to lists, got {type(doc).__name__}")

    def both(key: str) -> tuple[list[Item], list[Item]]:
        return _items(gold, key, "gold"), _items(predicted, key, "predicted")

    articles = _Articles.of(gold, predicted)
    gold_dirs, pred_dirs = both("directives")
    directives = _directives(gold_dirs, pred_dirs)
    pledges, pledges_agency = _pledges(*both("pledges"), directives, gold_dirs, pred_dirs)
    scores = (
        _agencies(*both("agencies")),
        directives,
        pledges,
        pledges_agency,
        _quantities("targets", *both("targets"), articles),
        _quantities("observations", *both("observations"), articles),
        _persons(*both("persons"), articles),
        _initiatives(*both("initiatives"), articles),
        _events(*both("events")),
    )
    fields: dict[str, FieldScore] = {}
    for s in scores:
        if s.key in FIGURE_KEYS:
            g, p = both(s.key)
            for name, same in FIGURE_FIELDS.items():
                right = sum(same(_field(g[gi], name), _field(p[pi], name)) for gi, pi in s.matches)
                fields[f"{s.key}.{name}"] = FieldScore(s.key, name, right, len(s.matches))
    return Report({s.key: s for s in scores}, fields)


def combine(reports: Iterable[Report]) -> Report:
    """Sum the counts of several reports (micro-average). Indices are per document: dropped."""
    totals: dict[str, list[int]] = {key: [0, 0, 0] for key in SCORED_KEYS}
    reports_list = list(reports)
    for report in reports_list:
        for key, s in report.scores.items():
            counts = totals.setdefault(key, [0, 0, 0])
            counts[0] += s.tp
            counts[1] += s.fp
            counts[2] += s.fn
    fields: dict[str, list[int]] = {}
    for report in reports_list:
        for name, f in report.fields.items():
            counts = fields.setdefault(name, [0, 0])
            counts[0] += f.right
            counts[1] += f.total
    return Report(
        {key: KeyScore.from_counts(key, tp, fp, fn) for key, (tp, fp, fn) in totals.items()},
        {
            name: FieldScore(name.split(".")[0], name.split(".")[-1], right, total)
            for name, (right, total) in fields.items()
        },
    )


def evaluate_many(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> Report:
    """Micro-averaged scores over (gold, predicted) document pairs, e.g. one genre's files."""
    return combine(evaluate(gold, predicted) for gold, predicted in pairs)


# --- gold files -------------------------------------------------------------------------------


def load_gold(path: Path | str) -> dict[str, Any]:
    """Read and check a gold YAML file; every top-level key is present in the result.

    Raises :class:`GoldFormatError` (a ValueError) naming the file, the entry and the problem.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GoldFormatError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the gold file as UTF-8"
        ) from exc
    except OSError as exc:
        raise GoldFormatError(f"{path}: cannot read the gold file ({exc.strerror})") from exc
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise GoldFormatError(
            f"{path}: not valid YAML{_yaml_problem(exc)}; fix the syntax "
            "(the format is described in GOLD-SCHEMA.md)"
        ) from exc
    return _check_gold(path, data)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """ " at line 9, column 1: found unexpected end of stream (while scanning ... at line 6)"."""

    def at(mark: Any) -> str:
        return f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""

    problem = getattr(exc, "problem", None)
    if problem is None:
        return f": {exc}"
    text = f"{at(getattr(exc, 'problem_mark', None))}: {problem}"
    if context := getattr(exc, "context", None):
        text += f" ({context}{at(getattr(exc, 'context_mark', None))})"
    return text


def _check_gold(path: Path, data: Any) -> dict[str, Any]:
    def fail(problem: str) -> GoldFormatError:
        return GoldFormatError(f"{path}: {problem} (the format is described in GOLD-SCHEMA.md)")

    if data is None:
        data = {}
    if not isinstance(data, dict):
        keys = ", ".join(GOLD_KEYS)
        raise fail(f"the top level must be a mapping of {keys}, got {type(data).__name__}")
    unknown = sorted(str(k) for k in data if k not in GOLD_KEYS and k not in EXTRA_GOLD_KEYS)
    if unknown:
        raise fail(
            f"unknown top-level key(s) {', '.join(unknown)}; expected {', '.join(GOLD_KEYS)}"
        )
    gold: dict[str, Any] = {key: data.get(key) or [] for key in GOLD_KEYS}
    for key in EXTRA_GOLD_KEYS:
        if data.get(key) is not None:
            if not isinstance(data[key], str):
                raise fail(f"'{key}' must be text, got {type(data[key]).__name__}")
            gold[key] = data[key]
    ids: dict[str, set[str]] = {}
    for key in GOLD_KEYS:
        entries = gold[key]
        if not isinstance(entries, list):
            raise fail(f"'{key}' must be a list, got {type(entries).__name__}")
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise fail(f"{key}[{i}] must be a mapping of fields, got {type(entry).__name__}")
            if entry.get("id") is not None:
                if str(entry["id"]) in seen:
                    raise fail(f"{_where(key, i, entry)}: the id is used twice in '{key}'")
                seen.add(str(entry["id"]))
            _check_entry(key, entry, _where(key, i, entry), fail)
        ids[key] = seen
    for key, name, target in REFERENCES:
        if target == "articles" and not gold["articles"]:
            continue  # without an article list, "a2" means the second article
        for i, entry in enumerate(gold[key]):
            refs = entry.get(name)
            for ref in refs if isinstance(refs, list) else [refs]:
                if ref is not None and str(ref) not in ids[target]:
                    where = _where(key, i, entry)
                    raise fail(f"{where}: {name} '{ref}' is not the id of an entry in '{target}'")
    return gold


def _where(key: str, i: int, entry: Mapping[str, Any]) -> str:
    return f"{key}[{i}] (id {entry['id']})" if entry.get("id") is not None else f"{key}[{i}]"


def _check_entry(
    key: str, entry: dict[str, Any], where: str, fail: Callable[[str], GoldFormatError]
) -> None:
    # an optional item only has to be identifiable: a borderline figure may have no unit
    required = REQUIRED_FIELDS[key][:1] if entry.get("optional") is True else REQUIRED_FIELDS[key]
    for name in required:
        if entry.get(name) in (None, "", []):
            raise fail(f"{where}: the field '{name}' is missing or empty")
    if "optional" in entry and not isinstance(entry["optional"], bool):
        raise fail(f"{where}: 'optional' must be true or false, got {entry['optional']!r}")
    for name in ("value", "value_max"):
        if entry.get(name) is not None and _number(entry[name]) is None:
            raise fail(f"{where}: '{name}' must be a number, got {entry[name]!r}")
    if key == "events" and not isinstance(entry.get("mentions") or [], list):
        raise fail(f"{where}: 'mentions' must be a list of texts")
