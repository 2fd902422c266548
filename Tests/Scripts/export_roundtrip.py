"""Reads RunKit's exports with the real pandas and polars and checks numbers and dtypes.

    python3 Tests/Scripts/export_roundtrip.py FOLDER

FOLDER holds, for each table NAME of manifest.json ([{"name", "kinds"}], kinds being RunKit's
column kinds int/double/string/bool/value): NAME.csv, NAME.jsonl and NAME.sqlite (one table NAME),
the exports, and NAME.reference.jsonl, every cell as RunKit's JSON output writes it (NaN and
+-infinity as the strings "NaN", "Infinity", "-Infinity"): the reference. The JSON-lines export
writes NaN and +-infinity as null, so that pandas and polars read a double column as float64.
Run by ExportTests.pandasAndPolars; exits 1 on any difference, printing each.
"""
import json
import math
import sqlite3
import sys

import pandas as pd
import polars as pl

folder = sys.argv[1]
problems = []
NONFINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def same(a, b):
    """Cell equality: None/NaN as missing where pandas has no null, lists/maps as JSON."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def reference(path, kinds, names):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    columns = {}
    for name, kind in zip(names, kinds):
        cells = [row[name] for row in rows]
        if kind == "double":
            cells = [NONFINITE.get(c, c) if isinstance(c, str) else (None if c is None else float(c)) for c in cells]
        columns[name] = cells
    return rows, columns


PANDAS_NA_TEXT = {"", "None", "NaN", "nan", "NA", "N/A", "NULL", "null", "n/a", "<NA>"}


def text_matches(a, b):
    """A string cell read back from CSV: CSV has no types, so text that reads as a number, a bool or
    pandas' missing markers comes back as that (params "0.5" → 0.5); compare through the text."""
    if isinstance(a, str):
        return a == b
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b in PANDAS_NA_TEXT or (b.strip().lower() == "nan")
    if isinstance(a, bool):
        return str(a).lower() == b.lower()
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def expected_pandas_dtype(kind, cells):
    has_null = any(c is None for c in cells)
    if kind == "int":
        return "float64" if has_null else "int64"
    if kind == "double":
        return "float64"
    if kind == "bool":
        return "object" if has_null else "bool"
    return None  # strings and values: object or pandas' string dtype


def check_pandas_csv(name, kinds, columns):
    frame = pd.read_csv(f"{folder}/{name}.csv")
    if list(frame.columns) != list(columns):
        problems.append(f"pandas csv {name}: columns {list(frame.columns)[:5]}...")
        return
    for (column, cells), kind in zip(columns.items(), kinds):
        if all(c is None for c in cells):
            continue  # pandas reads an empty column as float64 NaN: nothing typed to compare
        dtype = expected_pandas_dtype(kind, cells)
        got = str(frame[column].dtype)
        if dtype and got != dtype:
            problems.append(f"pandas csv {name}.{column}: dtype {got}, expected {dtype}")
        values = frame[column].tolist()
        for row, (a, b) in enumerate(zip(values, cells)):
            if b is None:
                ok = a is None or (isinstance(a, float) and math.isnan(a))
            elif kind in ("int", "double"):
                ok = same(float(a), float(b))
            elif kind == "bool":
                ok = bool(a) == b
            elif kind == "string":
                ok = text_matches(a, b)
            else:
                ok = (json.loads(a) if not isinstance(b, str) else a) == b
            if not ok:
                problems.append(f"pandas csv {name}.{column} row {row}: {a!r} vs {b!r}")
                break


def check_polars_csv(name, kinds, columns):
    frame = pl.read_csv(f"{folder}/{name}.csv", infer_schema_length=None)
    wanted = {"int": pl.Int64, "double": pl.Float64, "bool": pl.Boolean}  # strings: polars infers from the text
    for (column, cells), kind in zip(columns.items(), kinds):
        if all(c is None for c in cells):
            continue
        if kind == "string":
            for row, (a, b) in enumerate(zip(frame[column].to_list(), cells)):
                if not (b is None and a is None) and not (b is not None and text_matches(a, b)):
                    problems.append(f"polars csv {name}.{column} row {row}: {a!r} vs {b!r}")
                    break
            continue
        if kind not in wanted:
            continue
        got = frame.schema[column]
        if got != wanted[kind]:
            problems.append(f"polars csv {name}.{column}: dtype {got}, expected {wanted[kind]}")
            continue
        for row, (a, b) in enumerate(zip(frame[column].to_list(), cells)):
            ok = same(a, b) if kind == "double" and a is not None and b is not None else a == b
            if not ok:
                problems.append(f"polars csv {name}.{column} row {row}: {a!r} vs {b!r}")
                break


def check_pandas_jsonl(name, kinds, columns):
    frame = pd.read_json(f"{folder}/{name}.jsonl", lines=True, dtype=False, precise_float=True)
    for (column, cells), kind in zip(columns.items(), kinds):
        values = frame[column].tolist()
        if kind == "double" and not all(c is None or (isinstance(c, float) and not math.isfinite(c)) for c in cells):
            if str(frame[column].dtype) != "float64":
                problems.append(f"pandas jsonl {name}.{column}: dtype {frame[column].dtype}, expected float64")
        for row, (a, b) in enumerate(zip(values, cells)):
            if b is None or (isinstance(b, float) and not math.isfinite(b)):
                ok = a is None or (isinstance(a, float) and math.isnan(a))  # null in the export
            elif kind in ("int", "double"):
                ok = same(float(a), float(b))
            else:
                ok = a == b
            if not ok:
                problems.append(f"pandas jsonl {name}.{column} row {row}: {a!r} vs {b!r}")
                break


def check_polars_jsonl(name, kinds, columns):
    frame = pl.read_ndjson(f"{folder}/{name}.jsonl", infer_schema_length=None)
    for (column, cells), kind in zip(columns.items(), kinds):
        if kind not in ("int", "double") or all(c is None or (isinstance(c, float) and not math.isfinite(c)) for c in cells):
            continue  # all null in the export: nothing typed to compare
        wanted = pl.Float64 if kind == "double" else pl.Int64
        if frame.schema[column] != wanted:
            problems.append(f"polars jsonl {name}.{column}: dtype {frame.schema[column]}, expected {wanted}")
            continue
        for row, (a, b) in enumerate(zip(frame[column].to_list(), cells)):
            if b is None or (isinstance(b, float) and not math.isfinite(b)):
                ok = a is None
            else:
                ok = same(float(a), float(b))
            if not ok:
                problems.append(f"polars jsonl {name}.{column} row {row}: {a!r} vs {b!r}")
                break


def check_sqlite(name, kinds, columns):
    connection = sqlite3.connect(f"{folder}/{name}.sqlite")
    frame = pd.read_sql(f'SELECT * FROM "{name}"', connection)
    polars_frame = pl.read_database(f'SELECT * FROM "{name}"', connection)
    for (column, cells), kind in zip(columns.items(), kinds):
        stored = [None if (isinstance(c, float) and math.isnan(c)) else c for c in cells]  # SQLite: NaN is NULL
        dtype = expected_pandas_dtype(kind, stored)
        if kind == "bool":
            dtype = "float64" if any(c is None for c in cells) else "int64"  # SQLite has no bool: 0/1
        got = str(frame[column].dtype)
        if dtype and not all(c is None for c in stored) and got != dtype:
            problems.append(f"pandas read_sql {name}.{column}: dtype {got}, expected {dtype}")
        for row, (a, b) in enumerate(zip(frame[column].tolist(), cells)):
            if b is None or (isinstance(b, float) and math.isnan(b)):
                ok = a is None or (isinstance(a, float) and math.isnan(a))  # SQLite stores NaN as NULL
            elif kind in ("int", "double", "bool"):
                ok = same(float(a), float(b))
            elif kind == "string" or isinstance(b, str):
                ok = a == b
            else:
                ok = json.loads(a) == b
            if not ok:
                problems.append(f"pandas read_sql {name}.{column} row {row}: {a!r} vs {b!r}")
                break
        if polars_frame.height != len(cells):
            problems.append(f"polars read_database {name}: {polars_frame.height} rows")


manifest = json.load(open(f"{folder}/manifest.json"))
checked = 0
for table in manifest:
    name, kinds = table["name"], table["kinds"]
    names = list(json.loads(open(f"{folder}/{name}.reference.jsonl", encoding="utf-8").readline()).keys())
    _, columns = reference(f"{folder}/{name}.reference.jsonl", kinds, names)
    for check in (check_pandas_csv, check_polars_csv, check_pandas_jsonl, check_polars_jsonl, check_sqlite):
        check(name, kinds, columns)
    checked += sum(len(cells) for cells in columns.values())

for problem in problems:
    print(problem)
print(f"checked {checked} cells of {len(manifest)} tables with pandas {pd.__version__} and polars {pl.__version__}: "
      f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
