"""The stable machine-readable output of ``kg extract``: records in the answer-key shape.

:func:`to_gold` returns, for one document, a dict with exactly the top-level keys and field
names of the answer-key format (``tests/data/GOLD-SCHEMA.md``): articles, events, agencies,
persons, directives, pledges, targets, observations, initiatives. Extra fields are added,
never renamed or removed: ``span`` is ``[start, end]``, character offsets into the source file's
decoded text (``source[start:end]`` is the fact's exact wording, layout breaks included).
Keep this shape backward compatible: users parse it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kg.records import DocumentExtraction, Quantity, Span

KEYS = (
    "articles",
    "events",
    "agencies",
    "persons",
    "directives",
    "pledges",
    "targets",
    "observations",
    "initiatives",
)


def number(value: Decimal | None) -> int | float | None:
    """A JSON number as written: 1000 stays an int, 21.0 and 8.8 are floats."""
    if value is None:
        return None
    if value == value.to_integral_value() and "." not in str(value) and "E" not in str(value):
        return int(value)
    return float(value)


def to_gold(doc: DocumentExtraction) -> dict[str, Any]:
    def span(s: Span | None) -> list[int] | None:
        if s is None:
            return None
        r = doc.clean.raw_span(s)
        return [r.start, r.end]

    def aid(n: int) -> str:
        return f"a{n}"

    out: dict[str, Any] = {"source": str(doc.source.path), "region": doc.region}
    out["articles"] = [
        {
            "id": aid(a.index),
            "title": a.title,
            "kicker": a.kicker,
            "subtitle": a.subtitle,
            "byline": [b.name for b in a.byline],
            "byline_raw": a.byline_raw,
            "dateline": a.dateline,
            "span": span(a.span),
        }
        for a in doc.articles
    ]
    out["events"] = [
        {
            "id": f"e{i}",
            "name": e.name,
            "kind": e.kind,
            "date": e.date,
            "organizer": e.organizer,
            "articles": [aid(n) for n in e.articles],
            "mentions": list(e.mentions),
        }
        for i, e in enumerate(doc.events, 1)
    ]
    articles_of: dict[str, list[str]] = {}
    for canonical, n in doc.agency_articles:
        articles_of.setdefault(canonical, []).append(aid(n))
    out["agencies"] = [
        {
            "mention": a.mention,
            "canonical": a.canonical,
            "parent": a.parent,
            "level": a.level,
            "known": a.known,
            "articles": articles_of.get(a.canonical, []),
        }
        for a in doc.agencies
    ]
    out["persons"] = [
        {
            "name": p.name,
            "post": p.post,
            "organisation": p.organisation,
            "article": aid(p.article),
            "role": p.role,
        }
        for p in doc.persons
    ]
    out["directives"] = [
        {
            "id": d.id,
            "text": d.text,
            "cue": d.cue,
            "article": aid(d.article),
            "issuer": d.issuer,
            "span": span(d.span),
        }
        for d in doc.directives
    ]
    out["pledges"] = [
        {
            "id": p.id,
            "agency": p.agency.canonical,
            "agency_mention": p.agency.mention,
            "speaker": p.speaker,
            "speaker_post": p.speaker_post,
            "responds_to": p.responds_to,
            "link": p.link,
            "text": p.text,
            "cue": p.cue,
            "quote": p.quote,
            "background": p.background,
            "article": aid(p.article),
            "span": span(p.span),
        }
        for p in doc.pledges
    ]
    out["targets"] = [
        {
            "id": t.id,
            "pledge": t.pledge,
            "text": t.quantity.text,
            **_quantity(t.quantity),
            "object": t.object,
            "setter": t.setter.canonical if t.setter else None,
            "indicator": t.quantity.indicator,
            "indicator_key": t.indicator_key,
            "region": t.region,
            "article": aid(t.article),
            "span": span(t.quantity.span),
        }
        for t in doc.targets
    ]
    out["observations"] = [
        {
            "id": o.id,
            "article": aid(o.article),
            "text": o.quantity.text,
            "indicator": o.quantity.indicator,
            "indicator_key": o.indicator_key,
            "measure": o.quantity.measure,
            **_quantity(o.quantity),
            "comparison": o.quantity.comparison,
            "direction": o.quantity.direction,
            "region": o.region,
            "rank_scope": o.quantity.rank_scope,
            "target": o.target,
            "span": span(o.quantity.span),
        }
        for o in doc.observations
    ]
    out["initiatives"] = [
        {
            "name": i.name,
            "mention": i.mention,
            "owner": i.owner,
            "article": aid(i.article),
            "span": span(i.span),
        }
        for i in doc.initiatives
    ]
    return out


def _quantity(q: Quantity) -> dict[str, Any]:
    return {
        "value": number(q.value),
        "value_max": number(q.value_max),
        "qualifier": q.qualifier,
        "unit": q.unit,
        "period": q.period,
    }
