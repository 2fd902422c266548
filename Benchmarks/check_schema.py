#!/usr/bin/env python3
"""Check that a generated MLflow SQLite store has the schema MLflow itself creates.

Run with the benchmark venv's python (mlflow installed): MLflow creates a fresh tracking
database in a temporary folder, and every ``sqlite_master`` row (type, name, table, SQL) and the
alembic revision of that database are compared with the generated one's. Prints one line and
exits 0 when they are identical, 1 (with the differences) when not.

    ~/.cache/runkit-bench/venv/bin/python Benchmarks/check_schema.py STORE/mlflow.db
"""
import os
import sqlite3
import sys
import tempfile


def schema(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    revision = db.execute("SELECT version_num FROM alembic_version").fetchall()
    db.close()
    return rows, revision


def main(generated):
    import logging
    logging.disable(logging.INFO)
    import mlflow
    with tempfile.TemporaryDirectory() as scratch:
        fresh = os.path.join(scratch, "mlflow.db")
        mlflow.set_tracking_uri(f"sqlite:///{fresh}")
        mlflow.MlflowClient().search_experiments()  # creates and migrates the database
        want_rows, want_rev = schema(fresh)
    got_rows, got_rev = schema(generated)
    if want_rows == got_rows and want_rev == got_rev:
        print(f"schema: identical to a database created by MLflow {mlflow.__version__} "
              f"({len(want_rows)} sqlite_master entries, alembic revision {want_rev[0][0]})")
        return 0
    print(f"schema: DIFFERS from a database created by MLflow {mlflow.__version__}")
    print(f"  alembic revision: MLflow {want_rev}, generated {got_rev}")
    for row in sorted(set(want_rows) ^ set(got_rows)):
        print(("  only in MLflow's: " if row in want_rows else "  only in generated: ") + repr(row[:3]))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
