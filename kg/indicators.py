"""The indicator scheme: a text's wording of an indicator in, the indicator's notation out.

``data/indicators.ttl`` is a SKOS concept scheme; every wording the reports use is an
``skos:altLabel``. A wording names a concept when it equals one of its labels, or else through
the longest label it contains: 全省规模以上工业增加值增速 -> ``industrial_value_added``, while
高技术制造业增加值 keeps its own concept because its own label is longer than 工业增加值.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
import pyoxigraph as ox

from kg.errors import KgError
from kg.paths import data_dir

SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEME = "https://w3id.org/plenum-kg/id/indicator/scheme"
_NOTATION, _PREF, _ALT, _BROADER = (
    ox.NamedNode(SKOS + name) for name in ("notation", "prefLabel", "altLabel", "broader")
)


@dataclass(frozen=True, slots=True)
class Indicator:
    notation: str  # gdp, industrial_value_added ...
    label: str  # skos:prefLabel @zh
    label_en: str
    alt_labels: tuple[str, ...]
    broader: str | None  # notation of the broader indicator


def _key(wording: str) -> str:
    """Compare wordings without width, case or spacing differences (ＧＤＰ, gdp, GDP)."""
    return "".join(unicodedata.normalize("NFKC", wording).casefold().split())


class IndicatorScheme:
    """The indicators of one Turtle file, with their wordings."""

    def __init__(self, indicators: list[Indicator], path: Path) -> None:
        self._by_notation = {i.notation: i for i in indicators}
        self._by_wording: dict[str, str] = {}
        for ind in indicators:
            for wording in (ind.label, *ind.alt_labels):
                other = self._by_wording.setdefault(_key(wording), ind.notation)
                if other != ind.notation:
                    raise KgError(
                        f"{path}: the wording {wording!r} labels both {other} and "
                        f"{ind.notation}; keep it on one concept"
                    )
        # every label in one automaton: a wording is read once, not once per label
        self._labels = ahocorasick.Automaton()
        for label, notation in self._by_wording.items():
            if label:
                self._labels.add_word(label, (len(label), notation))
        self._labels.make_automaton()
        self._empty = self._by_wording.get("")  # a blank label is inside every wording

    @classmethod
    def load(cls, path: Path | None = None) -> IndicatorScheme:
        path = path if path is not None else data_dir() / "indicators.ttl"
        try:
            triples = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError) as exc:
            raise KgError(f"{path}: cannot read the indicator scheme ({exc})") from exc
        props: dict[str, dict[str, list[ox.Literal | ox.NamedNode]]] = {}
        for t in triples:
            if t.predicate in (_NOTATION, _PREF, _ALT, _BROADER):
                node = props.setdefault(t.subject.value, {})
                node.setdefault(t.predicate.value, []).append(t.object)
        iri_notation = {
            iri: str(p[_NOTATION.value][0].value)
            for iri, p in props.items()
            if _NOTATION.value in p
        }
        indicators = []
        for iri, notation in iri_notation.items():
            p = props[iri]
            pref = {
                lit.language: lit.value
                for lit in p.get(_PREF.value, [])
                if isinstance(lit, ox.Literal)
            }
            if "zh" not in pref:
                raise KgError(f"{path}: {iri} has no skos:prefLabel in Chinese (@zh); add one")
            broader = [iri_notation.get(b.value) for b in p.get(_BROADER.value, [])]
            indicators.append(
                Indicator(
                    notation=notation,
                    label=pref["zh"],
                    label_en=pref.get("en", pref["zh"]),
                    alt_labels=tuple(lit.value for lit in p.get(_ALT.value, [])),
                    broader=broader[0] if broader else None,
                )
            )
        return cls(indicators, path)

    def normalise(self, wording: str) -> str | None:
        """The notation ``wording`` names: an exact label, else the longest label inside it
        (earliest first when two are as long); None when it contains none."""
        key = _key(wording)
        if not key:
            return None
        if key in self._by_wording:
            return self._by_wording[key]
        best: tuple[int, int, str] | None = None
        for end, (n, notation) in self._labels.iter(key):
            rank = (-n, end + 1 - n)  # longest, then earliest
            if best is None or rank < best[:2]:
                best = (*rank, notation)
        return best[2] if best else self._empty

    def label(self, notation: str) -> str:
        """The Chinese preferred label of ``notation`` (gdp -> 地区生产总值)."""
        try:
            return self._by_notation[notation].label
        except KeyError:
            raise KgError(
                f"unknown indicator {notation!r}; the notations are in data/indicators.ttl "
                "(skos:notation)"
            ) from None

    def all(self) -> tuple[Indicator, ...]:
        return tuple(self._by_notation.values())


@cache
def default_scheme() -> IndicatorScheme:
    """The project's indicator scheme, loaded once per process."""
    return IndicatorScheme.load()


def normalise(wording: str) -> str | None:
    """:meth:`IndicatorScheme.normalise` on the project's scheme."""
    return default_scheme().normalise(wording)


def label(notation: str) -> str:
    """:meth:`IndicatorScheme.label` on the project's scheme."""
    return default_scheme().label(notation)


def all_indicators() -> tuple[Indicator, ...]:
    """Every indicator of the project's scheme, in file order."""
    return default_scheme().all()
