"""examples/spark/code_archive.py in Spark local mode on 2,000 generated articles: the events it writes are
those `dyad code` prints for the same articles, each in the month partition dyad gives it.

Needs pyspark, a Java runtime, the dyad package and the dyad binary ($DYAD_BIN, else
target/release/dyad); the articles come from dyad-core's generator (gen_corpus).
"""

import collections
import json
import os
import subprocess
import sys
import time

import pyarrow.dataset as ds

import dyad

from test_dyad import ROOT, dyad_bin, plain

sys.path.insert(0, str(ROOT / "examples" / "spark"))
import code_archive  # noqa: E402

ARTICLES = int(os.environ.get("DYAD_SPARK_ARTICLES", "2000"))


def key(event):
    return json.dumps(plain(event), sort_keys=True)


def test_spark_local_mode_codes_as_dyad_code(tmp_path):
    corpus = tmp_path / "articles.jsonl"
    with open(corpus, "w") as out:
        subprocess.run(
            ["cargo", "run", "--release", "--quiet", "-p", "dyad-core", "--example", "gen_corpus", "--", str(ARTICLES)],
            cwd=ROOT,
            stdout=out,
            check=True,
        )
    printed = subprocess.run([dyad_bin(), "code", "--quiet", str(corpus)], capture_output=True, text=True, check=True)
    expected = [json.loads(line) for line in printed.stdout.splitlines()]
    assert len(expected) > ARTICLES

    from pyspark.sql import SparkSession

    # The workers run this Python, which has dyad and pyarrow.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    started = time.monotonic()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("dyad test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        code_archive.code_archive(spark, str(corpus), str(tmp_path / "events"))
    finally:
        spark.stop()
    print(f"\nSpark local[2]: {ARTICLES} articles coded in {time.monotonic() - started:.1f} s (start-up included)")

    table = ds.dataset(tmp_path / "events", format="parquet", partitioning="hive").to_table()
    rows = table.to_pylist()
    months = [row.pop("month") for row in rows]
    assert collections.Counter(map(key, rows)) == collections.Counter(map(key, expected))

    published = {a["id"]: a.get("published") for a in map(json.loads, corpus.read_text().splitlines())}
    want = collections.Counter(dyad.event_month(e["date"], published[e["article_id"]]) for e in expected)
    assert collections.Counter(months) == want
    assert len(want) > 1
