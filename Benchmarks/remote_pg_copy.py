#!/usr/bin/env python3
"""Copies an MLflow SQLite store's tables into a PostgreSQL database MLflow has set up (its
schema made by `mlflow db upgrade`), for Benchmarks/remote.sh: 10,000 runs logged one by one
through MLflow's client would take most of an hour; the rows are the same either way.

    remote_pg_copy.py SQLITE_DB POSTGRES_DSN      # DSN: postgresql://user:pw@host:port/db
"""
import csv
import io
import sqlite3
import sys

import psycopg2

TABLES = ["experiments", "experiment_tags", "runs", "params", "tags", "metrics", "latest_metrics"]


def main(source, dsn):
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = psycopg2.connect(dsn)
    cur = dst.cursor()
    for table in reversed(TABLES):
        cur.execute(f"DELETE FROM {table}")
    for table in TABLES:
        cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", (table,))
        types = dict(cur.fetchall())
        have = [row[1] for row in src.execute(f"PRAGMA table_info({table})")]
        columns = [c for c in have if c in types]
        rows = src.execute(f"SELECT {', '.join(columns)} FROM {table}")
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        count = 0
        for row in rows:
            writer.writerow(["\\N" if v is None else (("t" if v else "f") if types[c] == "boolean" else v)
                             for c, v in zip(columns, row)])
            count += 1
        buffer.seek(0)
        cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
        print(f"{table}: {count} rows", file=sys.stderr)
    dst.commit()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
