"""The Python package against the command line: the same events for the repository's examples,
from every kind of input code_batch takes, and errors that name the article.

The `dyad` binary these tests compare with is $DYAD_BIN, else target/release/dyad of the
repository (`cargo build --release`); .ci/run builds it first.
"""

import json
import os
import subprocess
import threading
from pathlib import Path

import pyarrow as pa
import pytest

import dyad

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def dyad_bin():
    path = Path(os.environ.get("DYAD_BIN", ROOT / "target" / "release" / "dyad"))
    assert path.exists(), f"no dyad binary at {path}: run `cargo build --release` or set DYAD_BIN"
    return str(path)


def dyad_code(*args):
    out = subprocess.run([dyad_bin(), "code", "--quiet", *map(str, args)], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def plain(value):
    """A value with its empty fields (None) dropped, for comparing JSON with Arrow rows."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@pytest.fixture(scope="module")
def coder():
    return dyad.Coder()


def example_articles():
    """The examples as dicts: the JSON Lines file and the .txt files (id = the file's stem)."""
    articles = [json.loads(line) for line in (EXAMPLES / "articles.jsonl").read_text().splitlines() if line.strip()]
    for path in sorted(EXAMPLES.glob("*.txt")):
        articles.append({"id": path.stem, "text": path.read_text()})
    return articles


def test_code_counts_what_dyad_code_counts(coder):
    path = EXAMPLES / "thailand-laos-talks.txt"
    events = coder.code(path.read_text(), id=path.stem)
    expected = dyad_code(path)
    assert len(events) == len(expected) > 0
    # Exactly the fields (and values) of dyad code's JSON.
    assert events == expected
    # Without an id the events carry the default one, and are otherwise the same.
    anonymous = coder.code(path.read_text())
    assert {e["article_id"] for e in anonymous} == {"article"}
    assert [dict(e, article_id=path.stem) for e in anonymous] == expected


def test_code_batch_equals_dyad_code_on_the_examples(coder):
    articles = example_articles()
    table = coder.code_batch(articles)
    assert table.schema == dyad.EVENT_SCHEMA
    # dyad code reads the folder in name order: articles.jsonl first, then the .txt files.
    expected = dyad_code(EXAMPLES)
    assert len(expected) > 20
    assert [plain(row) for row in table.to_pylist()] == [plain(e) for e in expected]


def test_every_input_kind_gives_the_same_table(coder):
    import pandas as pd

    articles = example_articles()
    from_dicts = coder.code_batch(articles)
    frame = pd.DataFrame(articles)
    assert coder.code_batch(frame).equals(from_dicts)
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    assert coder.code_batch(arrow).equals(from_dicts)
    assert coder.code_batch(arrow.to_batches()[0]).equals(from_dicts)
    # Dates as dates, and one thread, change nothing.
    dated = arrow.set_column(
        arrow.schema.get_field_index("published"),
        "published",
        pa.array([None if p is None else pd.Timestamp(p).date() for p in arrow.column("published").to_pylist()], pa.date32()),
    )
    assert coder.code_batch(dated, threads=1).equals(from_dicts)
    # A DataFrame of the events, for those who want one.
    assert len(from_dicts.to_pandas()) == from_dicts.num_rows


def test_bad_articles_raise_errors_naming_them(coder):
    good = {"id": "ok", "text": "Japan praised Vietnam on Monday.", "published": "2024-02-19"}
    with pytest.raises(dyad.ArticleError) as err:
        coder.code_batch([good, {"id": "late", "text": "Peru thanked Chile.", "published": "yesterday"}])
    assert err.value.article_id == "late"
    assert "not a date" in str(err.value) and "article late" in str(err.value)
    with pytest.raises(dyad.ArticleError, match='article 7: missing "text"'):
        coder.code_batch([{"id": 7}])
    with pytest.raises(dyad.ArticleError, match="index 1 has no"):
        coder.code_batch([good, {"text": "No id."}])
    with pytest.raises(ValueError, match='no "text" column'):
        coder.code_batch(pa.table({"id": ["a"]}))
    with pytest.raises(dyad.ArticleError, match="article x"):
        coder.code("Japan praised Vietnam.", id="x", published="2024-13-45")
    # No text is nothing to code, and no error.
    assert coder.code("  \n") == []
    assert coder.code_batch([{"id": "blank", "text": " "}]).num_rows == 0
    assert coder.code_batch([]).schema == dyad.EVENT_SCHEMA


def test_code_batch_releases_the_gil(coder):
    articles = example_articles() * 6
    done = threading.Event()
    result = {}

    def work():
        result["table"] = coder.code_batch(articles, threads=1)
        done.set()

    thread = threading.Thread(target=work)
    thread.start()
    spins = 0
    while not done.is_set():
        spins += 1
    thread.join()
    # Python ran on this thread while the other coded: with the GIL held it could not have.
    assert spins > 10_000, spins
    assert result["table"].num_rows == 6 * coder.code_batch(example_articles()).num_rows
