"""Places of the administrative divisions, and the bodies named after them.

The tables are data (``data/gazetteer/cities.tsv``, ``counties.tsv``: every prefecture-level
and county-level division with its code). A mention of a local body is read by its form, not
looked up: a place, written as papers write it (the province, a city, a county, a township, a
village, each optional but in that order: 浙江省嘉善县姚庄镇, 呼伦贝尔市海拉尔区, 大理州, 保山),
then what follows it:

- a body word (委, 政府, 纪委, 党支部, 村委会 …: ``data/rules/local_bodies.tsv``) → the body
  (中国共产党保山市委员会);
- a department, as the provincial templates name their departments (发改委, 工信局, 卫健委 …)
  → its full name under the place (南昌市发展和改革委员会), or any name ending in 局/办公室/委员会
  (浏阳市鞭炮烟花管理局), kept as written;
- an institution word (医院, 大学, 集团, 有限公司, 协会 …) → the institution, named as written;
- at the start of a clause, a verb of action or intent (将, 要, 印发 …) → the place's government
  (宣城市印发… → 宣城市人民政府; 山西将… → 山西省人民政府).

Canonical places are the full names of the city and below (苏州市相城区, 楚雄彝族自治州双柏县; a
county-level city named alone keeps its own name, 明光市), the province left out, as the answer
keys name local bodies; a written province only chooses among places of the same name and is
never replaced by the article's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from kg.gazetteer import read_table
from kg.paths import data_dir
from kg.tables import table

_HAN = "\u4e00-\u9fff"
#: A township or village part: no body, government or party word inside (…镇党委, …村委会).
_PART = rf"(?:(?![委政党纪人省市区县乡镇村])[{_HAN}])"
_TOWN = re.compile(rf"{_PART}{{1,4}}?(?:乡|镇|街道)")
_VILLAGE = re.compile(rf"{_PART}{{1,4}}?(?:村|社区|嘎查)(?![民])")
#: What an institution's name may hold between its place and its kind (第五人民医院).
_INSIDE = rf"(?:(?![，。、；：的和与及在是为将要])[{_HAN}0-9])"
#: Characters after which a place may open a mention inside a clause (在浏阳市…, 由明光市…).
_OK_BEFORE = "在从由与和及同向对据经到、，。；：“（ 　\n"
#: Characters a clause opens after: a place acting (保山将…) stands right after one of them.
_CLAUSE_OPEN = "，,。；;：:”“　 \n"


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical: 楚雄彝族自治州双柏县 (city and below), 山西省 (a province alone)
    level: str  # province, city, county, township, village
    province: str | None
    start: int
    end: int
    full: bool  # written with a full name (…市, …县, …区): a place even inside a clause
    below: int  # where the part below the province begins (= start when none is written)


@dataclass(frozen=True, slots=True)
class LocalBody:
    canonical: str
    level: str  # the place's level: city, county, township, village (province for an actor)
    kind: str  # body, dept, institution, actor
    province: str | None
    start: int
    end: int  # of the mention (an actor's verb is not part of it)


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str  # province, city, county
    name: str  # full name
    city: str  # the city of a county ('' when directly under its province)
    province: str


class Places:
    """The division tables as an automaton, and the reader of local bodies."""

    def __init__(self) -> None:
        folder = data_dir() / "gazetteer"
        forms: dict[str, list[_Entry]] = {}

        def add(surface: str, entry: _Entry) -> None:
            if len(surface) >= 2:
                forms.setdefault(surface, []).append(entry)

        regions = _rows(folder / "regions.tsv")
        self.provinces = {r["canonical"] for r in regions}
        for r in regions:
            e = _Entry("province", r["canonical"], "", r["canonical"])
            add(r["canonical"], e)
            add(r["short"], e)
        for r in _rows(folder / "cities.tsv"):
            e = _Entry("city", r["name"], r["name"], r["province"])
            add(r["name"], e)
            for short in filter(None, r["short"].split("|")):
                add(short, e)
        for r in _rows(folder / "counties.tsv"):
            add(r["name"], _Entry("county", r["name"], r["city"], r["province"]))
        self._forms = forms
        self._longest = max(len(f) for f in forms)
        self._heads = frozenset(f[:2] for f in forms)  # a quick test before the lookups
        # The automaton reads the text backwards: place names end in few characters (市, 县,
        # 区 …) and begin in many, and pyahocorasick is five times faster with few branches at
        # the root.
        self._automaton = ahocorasick.Automaton()
        for surface in forms:
            self._automaton.add_word(surface[::-1], len(surface))
        self._automaton.make_automaton()
        rules = _rules()
        self._body = rules.body
        self._depts = rules.depts
        self._after = rules.after

    # --- places --------------------------------------------------------------------------
    def _at(self, text: str, i: int, kind: str) -> list[tuple[str, list[_Entry]]]:
        """Surface forms of ``kind`` starting at ``i``, longest first."""
        if text[i : i + 2] not in self._heads:
            return []
        out = []
        for n in range(min(self._longest, len(text) - i), 1, -1):
            entries = self._forms.get(text[i : i + n])
            if entries:
                hits = [e for e in entries if e.kind == kind]
                if hits:
                    out.append((text[i : i + n], hits))
        return out

    def place_at(self, text: str, i: int, region: str | None) -> Place | None:
        """The longest place written at ``i``: province? city? county? township? village?"""
        j = i
        province: str | None = None
        city: _Entry | None = None
        county: _Entry | None = None
        full = False
        below = i
        for surface, entries in self._at(text, j, "province"):
            province = entries[0].province
            full = surface == province
            j += len(surface)
            if not full and text.startswith("省", j) and not text.startswith("省长", j):
                j += 1  # 浙江 + 省 (a short name written with its 省)
            below = j
            break
        for surface, entries in self._at(text, j, "city"):
            fits = [e for e in entries if province is None or e.province == province]
            if fits:
                city = _prefer(fits, region)
                full = full or surface == city.name
                j += len(surface)
                break
        for surface, entries in self._at(text, j, "county"):
            fits = [
                e
                for e in entries
                if (city is None or e.city == city.name)
                and (province is None or e.province == province)
            ]
            if fits:
                county = _prefer(fits, region)
                full = True
                j += len(surface)
                break
        if city is None and county is None:
            if province is None:
                return None
            return Place(province, "province", province, i, j, full, i)
        name = city.name if city else ""
        if county is not None:
            # a county or district named alone takes its city (双柏县 → 楚雄彝族自治州双柏县);
            # a county-level city is known by its own name (明光市)
            alone = not city and county.city and not county.name.endswith("市")
            name = (county.city if alone else name) + county.name
        level = "county" if county else "city"
        town = _TOWN.match(text, j)
        if town:
            name, level, j = name + town.group(), "township", town.end()
        village = _VILLAGE.match(text, j) if level in ("county", "township") else None
        if village:
            name, level, j = name + village.group(), "village", village.end()
        named = county or city
        where = named.province if named is not None else province
        return Place(name, level, where, i, j, full, below)

    # --- bodies ----------------------------------------------------------------------------
    def bodies(self, text: str, region: str | None = None) -> Iterator[LocalBody]:
        """Every local body named in ``text`` (non-overlapping, left to right)."""
        last = -1
        size = len(text)
        for i in sorted({size - 1 - end for end, _ in self._automaton.iter(text[::-1])}):
            if i < last:
                continue
            place = self.place_at(text, i, region)
            if place is None:
                continue
            opens = i == 0 or text[i - 1] in _OK_BEFORE or not _is_han(text[i - 1])
            if not (opens or place.full):
                continue  # a short name inside a word (浙江西部): not a place
            body = self._body_after(text, place)
            if body is not None:
                last = body.end
                yield body
            elif place.level != "province":
                last = place.end  # the parts of a place read whole are not places of their own

    def _body_after(self, text: str, place: Place) -> LocalBody | None:
        j = place.end
        m = self._after.match(text, j)
        if not m:
            return None
        kind = m.lastgroup or ""
        word = m.group(kind)
        if place.level == "province" and kind not in ("actor", "institution", "head"):
            return None  # a province's own bodies are the gazetteer's
        if kind == "actor" and not (place.start == 0 or text[place.start - 1] in _CLAUSE_OPEN):
            return None
        if kind in ("head", "actor"):  # 包头市市长赵江涛, 保山将…: the word is not the mention
            canonical = self._body[word].replace("{place}", place.name)
            return LocalBody(canonical, place.level, kind, place.province, place.start, j)
        end = m.end()
        if kind == "body":
            canonical = self._body[word].replace("{place}", place.name)
        elif kind == "abbrev":
            canonical = place.name + self._depts[word]
        elif kind == "dept":
            canonical = place.name + word
        else:  # an institution: as written, a province written before a city left out
            canonical = text[place.below : end]
        return LocalBody(canonical, place.level, kind, place.province, place.start, end)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _prefer(entries: list[_Entry], region: str | None) -> _Entry:
    """Of places with one name, the one in the article's region, else the first."""
    return next((e for e in entries if e.province == region), entries[0])


def _rows(path: Path) -> list[dict[str, str]]:
    return [row for _, row in read_table(path)]


@dataclass(frozen=True, slots=True)
class _Rules:
    body: dict[str, str]  # body, head or actor word -> canonical template with {place}
    depts: dict[str, str]  # a department's short form (发改委) -> its full name (发展和改革委员会)
    after: re.Pattern[str]  # what may follow a place: groups body, abbrev, dept, institution, actor


@cache
def _rules() -> _Rules:
    body: dict[str, str] = {}
    kinds: dict[str, list[str]] = {
        "body": [],
        "dept": [],
        "actor": [],
        "head": [],
        "institution": [],
    }
    for row in table("local_bodies"):
        for word in row["word"].split("|"):
            if row["kind"] in kinds:
                kinds[row["kind"]].append(word)
            if row["kind"] in ("body", "head", "actor"):
                body[word] = row["canonical"]
    depts = _local_departments()

    def alt(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    modal = r"(?:还|也|又|已|先后|率先|近期|日前|近日|今年|将|要|正)?"
    after = re.compile(
        rf"(?=(?P<head>{alt(kinds['head'])}))"
        rf"|(?P<body>{alt(kinds['body'])})(?![{_HAN}]{{0,1}}(?:局|厅))"
        rf"|(?P<abbrev>{alt(depts)})"
        rf"|(?P<institution>{_INSIDE}{{0,8}}(?:{alt(kinds['institution'])}))"
        rf"|(?P<dept>{_INSIDE}{{2,8}}?(?:{alt(kinds['dept'])}))"
        rf"|(?={modal}(?P<actor>{alt(kinds['actor'])}))"
    )
    return _Rules(body, depts, after)


def _local_departments() -> dict[str, str]:
    """Short forms of the standard departments, as a city or county names its own (发改委 →
    发展和改革委员会, 工信局 → 工业和信息化局): the provincial templates with 局 for 厅."""
    out: dict[str, str] = {}
    path = data_dir() / "gazetteer" / "templates.tsv"
    for row in _rows(path):
        if row["kind"] != "government" or not row["canonical"].startswith("{region}"):
            continue
        full = row["canonical"].removeprefix("{region}").replace("{dept}", "局")
        if "{" in full or full in ("人民政府",) or full.startswith("人民政府"):
            continue
        for alias in row["aliases"].split("|"):
            if alias.startswith("{any}"):
                short = alias.removeprefix("{any}").replace("{dept}", "局")
                if "{" not in short and len(short) >= 2:
                    out.setdefault(short, full)
        out.setdefault(full, full)
    return out


@cache
def places() -> Places:
    return Places()
