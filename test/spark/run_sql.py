"""Run salesgrade's spark-dialect queries on Apache Spark in local mode (one session for every job).

Usage: python run_sql.py jobs.json
jobs.json: [{"csv": path, "schema": {column: spark type}, "table": name, "sql": path, "out": path,
             "roster_csv": optional path, "roster_table": optional name}]
Each job loads its CSV as a typed temporary view, runs the query and writes the rows to `out` as JSON
(every value as text, decimals exactly as Spark holds them; null as null).
"""
import json
import sys
import time

from pyspark.sql import SparkSession


def main() -> None:
    jobs = json.load(open(sys.argv[1], encoding="utf-8"))
    t0 = time.time()
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("salesgrade-sql-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.time() - t0
    timings = []
    for job in jobs:
        schema = ", ".join(f"`{c}` {t}" for c, t in job["schema"].items())
        df = spark.read.options(header=True, escape='"', quote='"').schema(schema).csv(job["csv"])
        df.cache().createOrReplaceTempView(job["table"])
        if job.get("roster_csv"):
            spark.read.options(header=True).csv(job["roster_csv"]).createOrReplaceTempView(job["roster_table"])
        query = open(job["sql"], encoding="utf-8").read()
        t = time.time()
        rows = spark.sql(query).collect()
        timings.append(round(time.time() - t, 1))
        out = [{k: (None if v is None else str(v)) for k, v in r.asDict().items()} for r in rows]
        with open(job["out"], "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False)
    spark.stop()
    print(json.dumps({"startup_s": round(started, 1), "query_s": timings, "total_s": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()
