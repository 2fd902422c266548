"""Reads RunKit's Parquet exports back with pyarrow, polars, pandas and DuckDB and checks every
column's type and every value against the reference (RunKit's JSON lines, NaN and ±infinity as
the strings "NaN", "Infinity", "-Infinity").

Usage: parquet_roundtrip.py FOLDER   (FOLDER/manifest.json lists NAME; FOLDER/NAME.parquet and
FOLDER/NAME.reference.jsonl hold each table). Prints "checked N cells" and exits 0, or prints the
first differences and exits 1.
"""
import datetime
import json
import math
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

TIMESTAMPS = {"start_time", "end_time", "timestamp"}
UTC = datetime.timezone.utc


def number(value):
    """A reference value with the JSON spellings of NaN and ±infinity made floats."""
    if value == "NaN":
        return math.nan
    if value == "Infinity":
        return math.inf
    if value == "-Infinity":
        return -math.inf
    return value


def same(got, want):
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(same(g, w) for g, w in zip(got, want))
    want = number(want)
    if isinstance(want, float) and math.isnan(want):
        return isinstance(got, float) and math.isnan(got)
    if isinstance(got, bool) or isinstance(want, bool):
        return type(got) is type(want) and got == want
    return got == want


def expected_type(kind, name, values):
    """The Arrow type RunKit promises for a table column of `kind` (TableColumn.Kind)."""
    if kind == "int":
        return pa.timestamp("ms", tz="UTC") if name in TIMESTAMPS else pa.int64()
    if kind == "double":
        return pa.float64()
    if kind == "string":
        return pa.string()
    if kind == "bool":
        return pa.bool_()
    lists = [v for v in values if v is not None]
    if lists and all(isinstance(v, list) for v in lists):
        items = [number(i) for v in lists for i in v if i is not None]
        if any(not isinstance(i, (int, float, str)) or isinstance(i, list) for i in items):
            return pa.string()
        if items and all(isinstance(i, bool) for i in items):
            return pa.list_(pa.bool_())
        if any(isinstance(i, bool) for i in items):
            return pa.string()
        if items and all(isinstance(i, str) for i in items):
            return pa.list_(pa.string())
        if any(isinstance(i, str) for i in items):
            return pa.string()
        if items and all(isinstance(i, int) for i in items):
            return pa.list_(pa.int64())
        return pa.list_(pa.float64())
    return pa.string()


def reference_cell(kind, name, value, arrow_type):
    """The value a reader should give for a reference cell (timestamps as aware datetimes,
    non-list values of a value column as their text)."""
    if value is None:
        return None
    if pa.types.is_timestamp(arrow_type):
        return datetime.datetime.fromtimestamp(value / 1000, tz=UTC).replace(microsecond=(value % 1000) * 1000)
    if kind == "value" and arrow_type == pa.string():
        return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value


def polars_dtype(arrow_type):
    if arrow_type == pa.int64():
        return pl.Int64
    if arrow_type == pa.float64():
        return pl.Float64
    if arrow_type == pa.string():
        return pl.String
    if arrow_type == pa.bool_():
        return pl.Boolean
    if pa.types.is_timestamp(arrow_type):
        return pl.Datetime("ms", "UTC")
    return pl.List(polars_dtype(arrow_type.value_type))


def duckdb_type(arrow_type):
    if arrow_type == pa.int64():
        return "BIGINT"
    if arrow_type == pa.float64():
        return "DOUBLE"
    if arrow_type == pa.string():
        return "VARCHAR"
    if arrow_type == pa.bool_():
        return "BOOLEAN"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP WITH TIME ZONE"
    return duckdb_type(arrow_type.value_type) + "[]"


def main(folder):
    manifest = json.load(open(f"{folder}/manifest.json"))
    problems, cells = [], 0
    duck = duckdb.connect()
    duck.execute("SET TimeZone = 'UTC'")
    for entry in manifest:
        name, kinds = entry["name"], entry["kinds"]
        path = f"{folder}/{name}.parquet"
        rows = [json.loads(line) for line in open(f"{folder}/{name}.reference.jsonl", encoding="utf-8")]
        arrow = pq.read_table(path)
        columns = list(rows[0].keys()) if rows else arrow.column_names
        if arrow.column_names != columns or arrow.num_rows != len(rows):
            problems.append(f"{name}: columns or row count differ: {arrow.column_names[:5]}… {arrow.num_rows} vs {len(rows)}")
            continue
        frame = pl.read_parquet(path)
        pandas = pd.read_parquet(path)
        duck_types = {r[0]: r[1] for r in duck.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
        duck_rows = duck.execute(f"SELECT * FROM read_parquet('{path}')").fetchall()
        for index, (column, kind) in enumerate(zip(columns, kinds)):
            values = [row.get(column) for row in rows]
            want_type = expected_type(kind, column, values)
            got_type = arrow.schema.field(column).type
            if got_type != want_type:
                problems.append(f"{name}.{column}: pyarrow type {got_type}, expected {want_type}")
                continue
            if frame.schema[column] != polars_dtype(want_type):
                problems.append(f"{name}.{column}: polars dtype {frame.schema[column]}")
            if duck_types.get(column) != duckdb_type(want_type):
                problems.append(f"{name}.{column}: DuckDB type {duck_types.get(column)}, expected {duckdb_type(want_type)}")
            reference = [reference_cell(kind, column, v, want_type) for v in values]
            readers = {
                "pyarrow": arrow.column(column).to_pylist(),
                "polars": frame[column].to_list(),
                "duckdb": [row[index] for row in duck_rows],
            }
            for reader, got in readers.items():
                for row, (g, w) in enumerate(zip(got, reference)):
                    cells += 1
                    if not same(g, w):
                        problems.append(f"{name}.{column} row {row} ({reader}): {g!r} != {w!r}")
            # pandas: numpy dtypes (float64 for doubles, int64 or float64 with nulls for ints,
            # datetime64[ms, UTC] for timestamps), values through pyarrow's conversion.
            dtype = str(pandas[column].dtype)
            allowed = {
                pa.float64(): {"float64"}, pa.int64(): {"int64", "float64"}, pa.bool_(): {"bool", "object"},
                pa.string(): {"object", "str", "string"},
            }.get(want_type, {"object"})
            if pa.types.is_timestamp(want_type):
                allowed = {"datetime64[ms, UTC]"}
            if dtype not in allowed:
                problems.append(f"{name}.{column}: pandas dtype {dtype}, expected one of {sorted(allowed)}")
            if want_type in (pa.float64(), pa.int64()):
                for row, (g, w) in enumerate(zip(pandas[column].tolist(), reference)):
                    cells += 1
                    gone = g is None or (isinstance(g, float) and math.isnan(g))
                    ok = gone if w is None else same(float(g), float(number(w)))
                    if not ok:
                        problems.append(f"{name}.{column} row {row} (pandas): {g!r} != {w!r}")
    if problems:
        print("\n".join(problems[:40]))
        print(f"{len(problems)} problems")
        return 1
    print(f"checked {cells} cells of {len(manifest)} tables with pyarrow {pa.__version__}, polars {pl.__version__}, "
          f"pandas {pd.__version__}, duckdb {duckdb.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
