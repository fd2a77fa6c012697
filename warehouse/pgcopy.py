"""A polars frame as PostgreSQL's binary COPY stream, built column by column with numpy and Arrow (no
Python loop over rows): each row is its field count, then each field's length (-1: null) and its bytes
in network order (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, header extension length
TRAILER = b"\xff\xff"
ROWS_PER_CHUNK = 50_000  # bounds the memory of one encoded piece

_EPOCH_DAYS = 10_957  # PostgreSQL counts dates and timestamps from 2000-01-01, Arrow from 1970-01-01
_EPOCH_MICROSECONDS = _EPOCH_DAYS * 86_400_000_000
_NULL = np.array([-1], dtype=">i4").view(np.uint8)
_NOTHING = pa.scalar(b"", pa.large_binary())

_Cells = tuple[np.ndarray, np.ndarray | None]  # (rows, bytes) and the mask of bytes kept (None: all)


def _binary(offsets: np.ndarray, data: np.ndarray) -> pa.Array:
    return pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), len(offsets) - 1, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


def _fixed(series: pl.Series) -> _Cells:
    """A fixed-width column (or one of nulls only): per row its length and big-endian value, or -1 and
    no value for a null."""
    if series.null_count() == len(series):
        return np.tile(_NULL, (len(series), 1)), None
    if series.dtype == pl.Boolean:
        values = series.fill_null(False).cast(pl.UInt8).to_numpy()
    else:
        values = series.to_physical().fill_null(0).to_numpy()
        if series.dtype == pl.Date:
            values = values.astype(np.int32) - np.int32(_EPOCH_DAYS)
        elif series.dtype == pl.Datetime("us"):
            values = values - np.int64(_EPOCH_MICROSECONDS)
    rows, width = len(values), values.dtype.itemsize
    cells = np.empty((rows, 4 + width), dtype=np.uint8)
    cells[:, :4] = np.array([width], dtype=">i4").view(np.uint8)
    cells[:, 4:] = values.astype(values.dtype.newbyteorder(">")).view(np.uint8).reshape(rows, width)
    if not series.null_count():
        return cells, None
    null = series.is_null().to_numpy()
    cells[null, :4] = _NULL
    kept = np.ones(cells.shape, dtype=bool)
    kept[null, 4:] = False
    return cells, kept


def _block(columns: list[_Cells]) -> pa.Array:
    """Adjacent fixed-width columns as one binary array of their cells, row by row."""
    cells = np.concatenate([c for c, _ in columns], axis=1)
    rows, width = cells.shape
    if all(kept is None for _, kept in columns):
        return _binary(np.arange(0, rows * width + 1, width, dtype=np.int64), cells.reshape(-1))
    kept = np.concatenate([np.ones(c.shape, dtype=bool) if k is None else k for c, k in columns], axis=1)
    offsets = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(kept.sum(axis=1), out=offsets[1:])
    return _binary(offsets, cells[kept])


def _text(series: pl.Series) -> list[pa.Array]:
    """A text column: the array of its lengths (-1 for a null) and the array of its UTF-8 bytes."""
    arrow = series.fill_null("").to_arrow(compat_level=pl.CompatLevel.oldest())
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    rows = len(arrow)
    offsets = np.frombuffer(arrow.buffers()[1], dtype=np.int64, count=rows + 1, offset=arrow.offset * 8)
    lengths = np.diff(offsets).astype(">i4")
    if series.null_count():
        lengths[series.is_null().to_numpy()] = -1
    values = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), rows, [None, arrow.buffers()[1], arrow.buffers()[2]], arrow.offset
    )
    return [_binary(np.arange(0, 4 * rows + 1, 4, dtype=np.int64), lengths.view(np.uint8)), values]


def _rows(frame: pl.DataFrame) -> bytes:
    """The rows of a frame whose columns have TYPES' polars types, as binary COPY rows."""
    count = np.array([frame.width], dtype=">i2").view(np.uint8)
    fixed: list[_Cells] = [(np.tile(count, (frame.height, 1)), None)]
    parts: list[pa.Array] = []
    for series in frame.iter_columns():
        if series.dtype == pl.String and series.null_count() < len(series):
            parts.extend([_block(fixed), *_text(series)] if fixed else _text(series))
            fixed = []
        else:
            fixed.append(_fixed(series))
    if fixed:
        parts.append(_block(fixed))
    rows = pc.binary_join_element_wise(*parts, _NOTHING)
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64, count=len(rows) + 1, offset=rows.offset * 8)
    return memoryview(rows.buffers()[2])[offsets[0] : offsets[-1]].tobytes()


def copy_chunks(frame: pl.DataFrame, types: Mapping[str, pl.DataType]) -> Iterator[bytes]:
    """The binary COPY stream of the frame's rows into columns of these polars types (booleans, integers,
    floats, dates, microsecond timestamps, text; in the order the COPY names them), in pieces of
    ROWS_PER_CHUNK rows."""
    frame = frame.select(list(types)).cast(dict(types))
    yield HEADER
    for chunk in frame.iter_slices(ROWS_PER_CHUNK):
        if chunk.height:
            yield _rows(chunk)
    yield TRAILER
