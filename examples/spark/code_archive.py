"""Code an archive of news articles with Spark and dyad, writing the events as Parquet partitioned
by event month (OUT/month=2023-01/part-....parquet, Hive style).

The articles (JSON Lines or Parquet, with columns id, text and optionally published, url,
title) are read into a DataFrame and coded with mapInArrow: each Python worker of each executor
loads one dyad.Coder, the first time it is given articles, and codes every Arrow batch it gets
with Coder.code_batch. The events have the columns of dyad.EVENT_SCHEMA (the JSON fields of
`dyad code`) and `month`: the month of the event's date, or of its article's publication when
the event has no date (or only the year of publication), else `unknown` - the partitions of
`dyad code --format parquet`.

On one machine (pyspark and the dyad wheel installed in the same environment):

    python examples/spark/code_archive.py news.jsonl events/ --master 'local[*]'

On a cluster, ship the wheel (`maturin build --release` in crates/dyad-py) to the executors'
Python environments, for example packed with venv-pack or conda-pack:

    spark-submit --archives dyad-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python examples/spark/code_archive.py \\
        s3://bucket/cc-news/articles.parquet s3://bucket/cc-news/events/

WARC archives: turn them into JSON Lines of articles first with `dyad`'s WARC reader, or code
them with `dyad code --format parquet --out DIR FILES.warc.gz` on each machine.
"""

import argparse
from typing import Iterator

import pyarrow as pa

#: The Coder of this Python worker process, loaded on first use.
_CODER = None


def coder():
    """This process's Coder: loaded once, then reused for every batch the worker codes."""
    global _CODER
    if _CODER is None:
        import dyad

        _CODER = dyad.Coder()
    return _CODER


def code_batches(batches: Iterator[pa.RecordBatch], threads: int = 1) -> Iterator[pa.RecordBatch]:
    """mapInArrow's function: articles in, events with their month out."""
    from dyad import event_month

    for batch in batches:
        published = dict(zip(batch.column("id").to_pylist(), batch.column("published").to_pylist()))
        events = coder().code_batch(batch, threads=threads)
        months = [
            event_month(date, published.get(article))
            for article, date in zip(events.column("article_id").to_pylist(), events.column("date").to_pylist())
        ]
        yield from events.append_column("month", pa.array(months, pa.string())).to_batches()


def output_schema():
    """The Spark schema of the events: dyad.EVENT_SCHEMA and the month."""
    import dyad
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(dyad.EVENT_SCHEMA.append(pa.field("month", pa.string())))


def read_articles(spark, path: str):
    """The articles of a JSON Lines or Parquet file or folder, with the columns dyad reads."""
    from pyspark.sql import functions as F

    if path.rstrip("/").endswith(".parquet"):
        df = spark.read.parquet(path)
    else:
        # Given the schema, Spark reads the lines once (no pass to infer it); ids that are
        # numbers are read as their text.
        df = spark.read.schema("id string, text string, published string, url string, title string").json(path)
    columns = []
    for name in ("id", "text", "published", "url", "title"):
        value = F.col(name).cast("string") if name in df.columns else F.lit(None).cast("string")
        columns.append(value.alias(name))
    return df.select(*columns)


def code_archive(spark, source: str, out: str, threads: int = 1, mode: str = "errorifexists") -> None:
    """Codes the articles of `source` and writes the events under `out`, by month."""
    # The workers import this file's functions by name.
    spark.sparkContext.addPyFile(__file__)
    articles = read_articles(spark, source)
    events = articles.mapInArrow(lambda batches: code_batches(batches, threads), output_schema())
    events.write.mode(mode).partitionBy("month").parquet(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", help="JSON Lines or Parquet of articles (id, text, published, url, title)")
    parser.add_argument("out", help="the folder to write the events to (Parquet, partitioned by month)")
    parser.add_argument("--master", help="Spark master, e.g. 'local[*]' (default: spark-submit's)")
    parser.add_argument("--threads", type=int, default=1, help="coding threads per Spark task (default 1: Spark runs a task per core)")
    parser.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args()

    import os
    import sys

    from pyspark.sql import SparkSession

    if (args.master or "").startswith("local"):
        # On one machine the workers run this Python, which has dyad and pyarrow.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("dyad code_archive")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        code_archive(spark, args.articles, args.out, args.threads, "overwrite" if args.overwrite else "errorifexists")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
