"""`dyad code --format parquet --out DIR` read back by DuckDB and pyarrow: as many events as
dyad code prints, in the month folders their dates give, with the same fields."""

import collections
import json
import subprocess

import duckdb
import pyarrow.dataset as ds
import pytest

import dyad

from test_dyad import EXAMPLES, dyad_bin, dyad_code


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet") / "events"
    subprocess.run([dyad_bin(), "code", "--quiet", str(EXAMPLES), "--format", "parquet", "--out", str(out)], check=True)
    return out, dyad_code(EXAMPLES)


def published_of():
    lines = (EXAMPLES / "articles.jsonl").read_text().splitlines()
    return {a["id"]: a.get("published") for a in map(json.loads, lines) if a}


def test_duckdb_reads_the_hive_partitions(written):
    out, events = written
    con = duckdb.connect()
    rows = con.execute(
        "SELECT month, article_id, event_type, cameo, source_id, target_id, span_start, trigger_text, source_count "
        f"FROM read_parquet('{out}/*/*.parquet', hive_partitioning = true) ORDER BY id"
    ).fetchall()
    assert len(rows) == len(events) > 20
    published = published_of()
    for row, e in zip(rows, events):
        month, article_id, event_type, cameo, source_id, target_id, span_start, trigger_text, source_count = row
        assert (article_id, event_type, cameo, trigger_text) == (e["article_id"], e["event_type"], e["cameo"], e["trigger_text"])
        assert source_id == (e["source"] or {}).get("id") and target_id == (e["target"] or {}).get("id")
        assert span_start == e["span"]["start"] and source_count == 1
        assert str(month) == dyad.event_month(e["date"], published.get(e["article_id"]))
    by_type = dict(con.execute(f"SELECT event_type, count(*) FROM read_parquet('{out}/*/*.parquet') GROUP BY 1").fetchall())
    assert by_type == dict(collections.Counter(e["event_type"] for e in events))


def test_pyarrow_reads_the_same(written):
    out, events = written
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table().sort_by("id")
    assert table.num_rows == len(events)
    assert table.column("sentence").to_pylist() == [e["sentence"] for e in events]
    assert table.column("confidence").to_pylist() == [e["confidence"] for e in events]
    assert table.column("contexts").to_pylist() == [e["contexts"] for e in events]
    assert set(table.column("month").to_pylist()) >= {"2024-02", "2024-05", "unknown"}
