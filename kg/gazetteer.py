"""The agency gazetteer: surface forms of Chinese government bodies in, canonical names out.

The tables under ``data/gazetteer/`` (see its README) are expanded once into every surface form
of every body — 江西省工业和信息化厅, 江西省工信厅, 省工信厅 — and one Aho-Corasick automaton is
built over all of them, so finding every agency in a text is one pass, not a segmentation.

The one idea: a form like 省工信厅 is *region-relative*. It names Jiangxi's department in a
Jiangxi paper and Hunan's in a Hunan paper, so it is stored per region and resolved against the
region a text is about; 江西省工信厅 and 国家发改委 resolve whatever the region.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import ahocorasick

from kg.errors import KgError
from kg.paths import data_dir


@dataclass(frozen=True, slots=True)
class Entry:
    """One body: its canonical name and every alias it goes by (relative forms included)."""

    canonical: str
    level: str  # province, national, enterprise, other
    kind: str  # government, party, institution, vertical, media, enterprise ...
    region: str | None  # canonical region name, None for national bodies
    parent: str | None
    aliases: tuple[str, ...]


#: Placeholder name -> its fillings, each tagged: the region prefix it stands for (省工信厅 is
#: relative to 省), "" when it names the region (江西省工信厅 is explicit), None when neutral.
_Values = Mapping[str, tuple[tuple[str, str | None], ...]]
#: Surface form -> the prefix it is relative to, or None when it resolves anywhere.
_Forms = dict[str, str | None]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_RELATIVE = ("p", "pw", "any")
#: Prefixes that also end district names: 青秀区发改委 is a district's, so a 区 form counts as
#: the autonomous region's only at the start of a clause or after one of these characters.
_BOUND_PREFIXES = frozenset({"区"})
_BOUND_OK_BEFORE = frozenset("从在由与和及同向对据经")


@dataclass(frozen=True, slots=True)
class _Region:
    canonical: str
    short: str
    abbrevs: tuple[str, ...]
    capital: str
    prefixes: tuple[str, ...]  # 省 / 市 / 自治区, 区
    party: str  # 委 / 党委: the Party committee is {prefix}{party}
    dept: str  # 厅 / 局

    def values(self) -> _Values:
        own = tuple((p, p) for p in self.prefixes)
        party = tuple((p + self.party, p) for p in self.prefixes)
        named = [(self.canonical + self.party, "")] + [(self.short + w, "") for w, _ in party]
        return {
            "region": ((self.canonical, ""),),
            "short": ((self.short, ""),),
            "dept": ((self.dept, None),),
            "p": own,
            "pw": party,
            "rw": tuple(dict.fromkeys(named)),
            "any": (*own, (self.canonical, ""), (self.short, "")),
        }


@dataclass(frozen=True, slots=True)
class _Named:
    """An entry as read from a table: its surface forms and its bare aliases."""

    entry: Entry
    forms: _Forms
    bare: tuple[str, ...] = ()


@dataclass(slots=True)
class _Sense:
    """What one surface form can mean."""

    relative: dict[str, Entry] = field(default_factory=dict)  # region -> entry (省工信厅)
    fixed: list[Entry] = field(default_factory=list)  # named outright (江西省工信厅, 国务院)
    bare: list[Entry] = field(default_factory=list)  # only where no region is in play (发改委)
    bound: bool = False  # relative through a prefix that also ends district names (区)

    def resolve(self, region: str | None) -> Entry | None:
        if region is not None and region in self.relative:
            return self.relative[region]
        if self.fixed:
            return next((e for e in self.fixed if e.region == region), self.fixed[0])
        if region is None and self.bare:
            return self.bare[0]
        return None


# --- reading the tables ------------------------------------------------------------------


def read_table(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Rows of a TSV table, each with its ``file:line``; ``#`` lines are comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KgError(f"{path}: gazetteer table missing ({exc}); reinstall plenum-kg") from exc
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip()]
    lines = [(n, ln) for n, ln in lines if not ln.startswith("#")]
    if not lines:
        raise KgError(f"{path}: empty table; it needs a header line")
    header = lines[0][1].split("\t")
    rows = []
    for n, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            raise KgError(
                f"{path}:{n}: {len(cells)} cells where the header has {len(header)} "
                f"({', '.join(header)}); separate cells with one tab"
            )
        rows.append((f"{path}:{n}", {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


@cache
def _parse(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``{region}工信{dept}`` -> literals ('', '工信', '') and placeholder names (region, dept)."""
    pieces = _PLACEHOLDER.split(template)
    return tuple(pieces[0::2]), tuple(pieces[1::2])


def _expand(template: str, values: _Values, where: str) -> list[tuple[str, str | None]]:
    """Every filling of ``template``, each with the prefix it is relative to (None: explicit)."""
    literals, names = _parse(template)
    for name in names:
        if name not in values:
            known = ", ".join("{" + v + "}" for v in values) or "none in this table"
            raise KgError(f"{where}: unknown placeholder {{{name}}} in {template!r}; use {known}")
    out = []
    for combo in itertools.product(*(values[n] for n in names)):
        text = literals[0] + "".join(
            v + lit for (v, _), lit in zip(combo, literals[1:], strict=True)
        )
        tags = [tag for _, tag in combo]
        out.append((text, None if "" in tags else next((t for t in tags if t), None)))
    return out


def _forms(cell: str, values: _Values, where: str, canonical: str) -> _Forms:
    forms: _Forms = {}
    for alias in _split(cell):
        for surface, prefix in _expand(alias, values, where):
            forms.setdefault(surface, prefix)
    forms.pop(canonical, None)
    return forms


def _load_regions(folder: Path) -> list[_Region]:
    return [
        _Region(
            canonical=row["canonical"],
            short=row["short"],
            abbrevs=tuple(_split(row["abbrev"])),
            capital=row["capital"],
            prefixes=tuple(_split(row["prefix"])),
            party=row["party"],
            dept=row["dept"],
        )
        for _, row in read_table(folder / "regions.tsv")
    ]


def _load_cities(folder: Path, regions: list[_Region]) -> dict[str, str]:
    """City names and short names -> their province (capitals at least)."""
    known = {r.canonical for r in regions}
    cities = {r.capital: r.canonical for r in regions}
    for where, row in read_table(folder / "cities.tsv"):
        if row["province"] not in known:
            raise KgError(f"{where}: unknown province {row['province']!r}; see regions.tsv")
        cities[row["name"]] = row["province"]
        for short in filter(None, row["short"].split("|")):
            cities.setdefault(short, row["province"])
    return cities


def _load_templates(folder: Path, regions: list[_Region]) -> list[_Named]:
    """Every template of templates.tsv for every region, overrides.tsv applied."""
    known = {r.canonical for r in regions}
    overrides: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    for where, row in read_table(folder / "overrides.tsv"):
        if row["region"] not in known:
            raise KgError(f"{where}: unknown region {row['region']!r}; see regions.tsv")
        overrides[(row["region"], row["key"])] = (where, row)
    out = []
    keys = set()
    values = [(r.canonical, r.values()) for r in regions]
    for row_where, row in read_table(folder / "templates.tsv"):
        keys.add(row["key"])
        for region, vals in values:
            where, names = overrides.get((region, row["key"]), (row_where, row))
            if any(f"{{{v}}}" in names["canonical"] for v in _RELATIVE):
                raise KgError(f"{where}: a canonical name cannot use {{p}}, {{pw}} or {{any}}")
            canonical = _expand(names["canonical"], vals, where)[0][0]
            parent = _expand(row["parent"], vals, where)[0][0] if row["parent"] else None
            forms = _forms(names["aliases"], vals, where, canonical)
            entry = Entry(canonical, row["level"], row["kind"], region, parent, tuple(forms))
            out.append(_Named(entry, forms))
    for (region, key), (where, _) in overrides.items():
        if key not in keys:
            raise KgError(f"{where}: {region} overrides {key!r}, which templates.tsv lacks")
    return out


def _load_named(path: Path, regions: list[_Region]) -> list[_Named]:
    """Rows of national.tsv or organisations.tsv: one body each."""
    values = {r.canonical: r.values() for r in regions}
    out = []
    for where, row in read_table(path):
        region = row["region"] or None
        if region is not None and region not in values:
            raise KgError(f"{where}: unknown region {region!r}; see regions.tsv")
        forms = _forms(row["aliases"], values.get(region or "", {}), where, row["canonical"])
        bare = tuple(_split(row["bare_aliases"]))
        entry = Entry(
            canonical=row["canonical"],
            level=row["level"],
            kind=row["kind"],
            region=region,
            parent=row["parent"] or None,
            aliases=(*forms, *bare),
        )
        out.append(_Named(entry, forms, bare))
    return out


def _load_not_names(folder: Path) -> list[str]:
    words = []
    for where, row in read_table(folder / "not_names.tsv"):
        if row["hides"] not in row["word"]:
            raise KgError(f"{where}: {row['word']!r} does not contain {row['hides']!r}")
        words.append(row["word"])
    return words


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


# --- the gazetteer -----------------------------------------------------------------------


class Gazetteer:
    """All known bodies, their surface forms and the regions they belong to."""

    def __init__(
        self,
        named: list[_Named],
        regions: list[_Region],
        cities: dict[str, str],
        not_names: Iterable[str] = (),
        source: str = "data/gazetteer",
    ) -> None:
        self._regions = {r.canonical: r for r in regions}
        self._entries = tuple(n.entry for n in named)
        self._senses: dict[str, _Sense] = {}
        for n in named:
            self._add(n, source)
        # 财政部门 is any finance department, not the Ministry of Finance: block X部 + 门.
        blocked = [s + "门" for s in self._senses if s.endswith("部")]
        for word in [*blocked, *not_names]:
            self._senses.setdefault(word, _Sense())
        self._automaton = ahocorasick.Automaton()
        for surface, sense in self._senses.items():
            self._automaton.add_word(surface, (len(surface), sense))
        self._automaton.make_automaton()

        self._region_names = dict(cities)
        for r in regions:
            self._region_names.update(
                dict.fromkeys((r.canonical, r.short, *r.abbrevs), r.canonical)
            )
        self._places = ahocorasick.Automaton()
        for name, canonical in self._region_names.items():
            if len(name) > 1:  # 赣 names Jiangxi only on its own
                self._places.add_word(name, canonical)
        self._places.make_automaton()

    def _add(self, named: _Named, source: str) -> None:
        entry = named.entry
        for surface, prefix in [(entry.canonical, None), *named.forms.items()]:
            sense = self._senses.setdefault(surface, _Sense())
            if prefix is None:
                if entry not in sense.fixed:
                    sense.fixed.append(entry)
                continue
            assert entry.region is not None  # a relative form belongs to a region
            other = sense.relative.setdefault(entry.region, entry)
            if other != entry:
                raise KgError(
                    f"{source}: {surface!r} names both {other.canonical} and "
                    f"{entry.canonical} in {entry.region}; drop the alias from one of them"
                )
            sense.bound = sense.bound or prefix in _BOUND_PREFIXES
        for surface in named.bare:
            self._senses.setdefault(surface, _Sense()).bare.append(entry)

    @classmethod
    def load(cls, folder: Path | None = None) -> Gazetteer:
        """Read the tables of ``folder`` (default: the project's ``data/gazetteer``)."""
        folder = folder if folder is not None else data_dir() / "gazetteer"
        regions = _load_regions(folder)
        named = [
            *_load_templates(folder, regions),
            *_load_named(folder / "national.tsv", regions),
            *_load_named(folder / "organisations.tsv", regions),
        ]
        cities = _load_cities(folder, regions)
        return cls(named, regions, cities, _load_not_names(folder), str(folder))

    # --- regions -----------------------------------------------------------------------
    def regions(self) -> list[str]:
        """The 31 provincial-level regions, canonical names."""
        return list(self._regions)

    def region(self, name: str) -> str | None:
        """The region ``name`` names: 江西, 赣, 江西省, 南昌 (a city) -> 江西省.

        A longer phrase (本报南昌电, 新华社北京10月1日电) gives the region when the places it
        names all lie in one region; None when it names none, or several.
        """
        name = unicodedata.normalize("NFKC", name).strip()
        if name in self._region_names:
            return self._region_names[name]
        found = {canonical for _, canonical in self._places.iter(name)} if name else set()
        return found.pop() if len(found) == 1 else None

    def _region_arg(self, region: str | None) -> str | None:
        if region is None:
            return None
        canonical = self._region_names.get(region.strip())
        if canonical is None:
            raise KgError(
                f"unknown region {region!r}: name one of the 31 provincial-level regions "
                "(江西省, 江西 or 赣), one of their cities, or pass None for a national text"
            )
        return canonical

    def province_prefix_expansion(self, surface: str, region: str) -> str | None:
        """The canonical name of a body the gazetteer does not list, from the region's prefix:
        省教育评估监测研究院 in 江西省 -> 江西省教育评估监测研究院. None when ``surface``
        does not start with the region's own prefix (省; 市; 自治区 or 区)."""
        r = self._regions[self._region_arg(region) or ""]
        surface = surface.strip()
        if surface.startswith(r.canonical):
            return surface
        for prefix in sorted(r.prefixes, key=len, reverse=True):
            if surface.startswith(prefix) and len(surface) > len(prefix):
                return r.canonical + surface[len(prefix) :]
        return None

    # --- agencies ----------------------------------------------------------------------
    def entries(self) -> tuple[Entry, ...]:
        """Every body, one entry per region for the templated ones."""
        return self._entries

    def lookup(self, surface: str, region: str | None = None) -> Entry | None:
        """The body ``surface`` names in a text about ``region`` (None: a national text)."""
        sense = self._senses.get(surface.strip())
        return sense.resolve(self._region_arg(region)) if sense else None

    def find_all(self, text: str, region: str | None = None) -> list[tuple[int, int, Entry]]:
        """Every known body named in ``text``: ``(start, end, entry)``, leftmost-longest and
        non-overlapping. A form that cannot be resolved (市发改委 in a Jiangxi text: a city's)
        still hides the shorter forms inside it; sub-units (经济运行处) are not found here."""
        canonical = self._region_arg(region)
        matches = [(end + 1 - n, end + 1, s) for end, (n, s) in self._automaton.iter(text)]
        matches.sort(key=lambda m: (m[0], -m[1]))
        out = []
        last_end = 0
        for start, end, sense in matches:
            if start < last_end:
                continue
            last_end = end
            if sense.bound and not sense.fixed and start > 0:
                before = text[start - 1]
                if _is_ideograph(before) and before not in _BOUND_OK_BEFORE:
                    continue
            entry = sense.resolve(canonical)
            if entry is not None:
                out.append((start, end, entry))
        return out

    def surface_forms(self) -> Iterable[str]:
        """Every surface form the gazetteer knows (for a jieba user dictionary)."""
        return (s for s, x in self._senses.items() if x.relative or x.fixed or x.bare)


@cache
def default_gazetteer() -> Gazetteer:
    """The project's gazetteer, loaded once per process."""
    return Gazetteer.load()


def province_prefix_expansion(surface: str, region: str) -> str | None:
    """:meth:`Gazetteer.province_prefix_expansion` on the default gazetteer."""
    return default_gazetteer().province_prefix_expansion(surface, region)
