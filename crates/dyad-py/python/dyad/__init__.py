"""dyad: news articles in, PLOVER/CAMEO political events with provenance out.

>>> import dyad
>>> coder = dyad.Coder()                      # loads lexicons, tagger and parser once
>>> events = coder.code("Japan praised Vietnam on Monday.", id="a1", published="2024-02-19")
>>> events[0]["event_type"], events[0]["source"]["id"], events[0]["target"]["id"]
('SUPPORT', 'JPN', 'VNM')

``Coder.code`` returns the events of one article as dicts with exactly the fields of the JSON
that ``dyad code`` prints. ``Coder.code_batch`` codes many articles (a list of dicts, a pandas
DataFrame or a pyarrow Table/RecordBatch with columns ``id``, ``text`` and optionally
``published``, ``url``, ``title``) on all cores with the GIL released and returns a pyarrow
Table of events with the schema ``EVENT_SCHEMA`` (actors, places, periods and spans as structs);
``.to_pandas()`` makes it a DataFrame.

An article that cannot be coded (no text column value, a ``published`` that is no date) raises
``ArticleError`` naming its id; an article whose text is empty or blank has no events.
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import math as _math
import os as _os
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union

import pyarrow as pa
import pyarrow.json as _pajson

from . import _dyad

__all__ = ["ArticleError", "Coder", "EVENT_SCHEMA", "ACTOR_TYPE", "SPAN_TYPE", "event_month"]


class ArticleError(ValueError):
    """An article that cannot be coded: ``article_id`` names it, ``message`` says why."""

    def __init__(self, article_id: Optional[str], message: str) -> None:
        super().__init__(f"article {article_id}: {message}")
        self.article_id = article_id
        self.message = message


#: An actor: the fields of ``source`` and ``target`` in ``dyad code``'s JSON.
ACTOR_TYPE = pa.struct(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("country", pa.string()),
        ("org", pa.string()),
        ("sector", pa.string()),
        ("cameo", pa.string()),
        ("person", pa.string()),
        ("role", pa.string()),
        ("text", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("how", pa.string()),
    ]
)

#: A span of text in code points, ``[start, end)``.
SPAN_TYPE = pa.struct([("start", pa.int64()), ("end", pa.int64())])

#: The events ``Coder.code_batch`` returns: one row per event, one column per field of
#: ``dyad code``'s JSON, in its order (docs/OUTPUT.md describes each).
EVENT_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("event_type", pa.string()),
        ("mode", pa.string()),
        ("contexts", pa.list_(pa.string())),
        ("cameo", pa.string()),
        ("source", ACTOR_TYPE),
        ("target", ACTOR_TYPE),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("period", pa.struct([("start", pa.string()), ("end", pa.string()), ("text", pa.string())])),
        ("location", pa.struct([("name", pa.string()), ("country", pa.string())])),
        ("commitment", pa.struct([("kind", pa.string()), ("what", pa.string())])),
        ("confidence", pa.float64()),
        ("sentence", pa.string()),
        ("span", SPAN_TYPE),
        ("trigger", SPAN_TYPE),
        ("trigger_text", pa.string()),
        ("rule", pa.string()),
    ]
)

def event_month(date: Optional[str], published: Optional[str]) -> str:
    """The month partition ``dyad code --format parquet`` writes an event to (``YYYY-MM``).

    ``date`` is the event's date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), ``published`` its
    article's publication date. An event dated to the month or day goes to its month; one not
    dated, or dated only by the year of publication, to the month of publication; any other to
    ``"unknown"``.
    """
    if date and len(date) >= 7:
        return date[:7]
    if published and len(published) >= 7 and (date is None or published.startswith(date)):
        return published[:7]
    return "unknown"


_Row = Tuple[str, Optional[str], Optional[str], Optional[str], Optional[str]]
Articles = Union[Iterable[Mapping[str, Any]], "pa.Table", "pa.RecordBatch", Any]


def _missing(value: Any) -> bool:
    """None, NaN and pandas' NaT/NA: a cell with no value."""
    if value is None:
        return True
    if isinstance(value, float):
        return _math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def _text(value: Any) -> Optional[str]:
    return None if _missing(value) else str(value)


def _date(value: Any) -> Optional[str]:
    """A publication date as dyad reads it: a string as given, a date or time in ISO 8601."""
    if _missing(value):
        return None
    if isinstance(value, (_datetime.date, _datetime.datetime)) or hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _id(value: Any, index: int) -> str:
    if _missing(value) or str(value).strip() == "":
        raise ArticleError(None, f'the article at index {index} has no "id"')
    if isinstance(value, float):
        if not value.is_integer():
            raise ArticleError(str(value), '"id" must be a string or an integer')
        value = int(value)
    return str(value)


def _columns(articles: Articles) -> Optional[Mapping[str, List[Any]]]:
    """The columns of a pyarrow Table or RecordBatch or a pandas DataFrame; None otherwise."""
    if isinstance(articles, (pa.Table, pa.RecordBatch)):
        return {name: articles.column(name).to_pylist() for name in articles.schema.names}
    if hasattr(articles, "columns") and hasattr(articles, "to_dict") and hasattr(articles, "iloc"):
        return {str(name): articles[name].tolist() for name in articles.columns}
    return None


def _rows(articles: Articles) -> List[_Row]:
    columns = _columns(articles)
    if columns is not None:
        for required in ("id", "text"):
            if required not in columns:
                raise ValueError(f'the articles have no "{required}" column (columns: {", ".join(columns)})')
        n = len(columns["id"])
        none = [None] * n
        ids = [_id(v, i) for i, v in enumerate(columns["id"])]
        return list(
            zip(
                ids,
                map(_text, columns["text"]),
                map(_date, columns.get("published", none)),
                map(_text, columns.get("url", none)),
                map(_text, columns.get("title", none)),
            )
        )
    rows = []
    for index, article in enumerate(articles):
        if not isinstance(article, Mapping):
            raise TypeError(f"article at index {index} is a {type(article).__name__}, not a dict")
        rows.append(
            (
                _id(article.get("id"), index),
                _text(article.get("text")),
                _date(article.get("published")),
                _text(article.get("url")),
                _text(article.get("title")),
            )
        )
    return rows


class Coder:
    """dyad's coder, loaded once (lexicons, tagger, parser); codes any number of articles.

    ``lexicons`` is a folder of lexicon files that replace the embedded ones (files it does not
    hold fall back to them), as ``dyad code --lexicons``; ``syntax=False`` codes without the
    tagger and parser, as ``--no-syntax``. One Coder may be shared by threads.
    """

    def __init__(self, lexicons: Union[str, "_os.PathLike[str]", None] = None, syntax: bool = True) -> None:
        self._coder = _dyad.Coder(None if lexicons is None else _os.fspath(lexicons), syntax)

    def code(
        self,
        text: str,
        id: Optional[Union[str, int]] = None,
        published: Union[str, _datetime.date, None] = None,
        url: Optional[str] = None,
        title: Optional[str] = None,
    ) -> List[dict]:
        """The events of one article, each a dict with the fields of ``dyad code``'s JSON.

        ``id`` defaults to ``"article"``; ``published`` (``YYYY-MM-DD``, RFC 3339 or a date)
        dates events told relative to it ("on Monday"). Raises ``ArticleError`` for a
        ``published`` that is no date.
        """
        row = (_id("article" if id is None else id, 0), _text(text), _date(published), _text(url), _text(title))
        return _json.loads(self._coder.code_json(row))

    def code_batch(self, articles: Articles, threads: Optional[int] = None) -> pa.Table:
        """The events of many articles as a pyarrow Table (schema ``EVENT_SCHEMA``), in input order.

        ``articles``: a list (or any iterable) of dicts, a pandas DataFrame, or a pyarrow Table
        or RecordBatch, with ``id`` and ``text`` and optionally ``published``, ``url``,
        ``title``. They are coded on ``threads`` threads (default: all cores) with the GIL
        released. Raises ``ArticleError`` naming the first article that cannot be coded.
        """
        lines, longest = self._coder.code_batch_json(_rows(articles), threads)
        if not lines:
            return EVENT_SCHEMA.empty_table()
        # Blocks of 4 MiB are parsed in parallel; each must hold a whole line.
        return _pajson.read_json(
            pa.BufferReader(lines),
            read_options=_pajson.ReadOptions(block_size=max(4 << 20, longest + 1)),
            parse_options=_pajson.ParseOptions(explicit_schema=EVENT_SCHEMA, unexpected_field_behavior="error"),
        )
