"""Spikes streamed to parquet during a long run, so memory holds only the latest chunk.

Pieces:
    SpikeStream: a parquet file being written in row groups (columns ``neuron``,
        ``time``, the same table :meth:`SpikingModel.spikes` gives), which appears at
        its path only when closed (written beside it, then moved into place), marked as
        this library's own.

A file already at the path that this library did not write is never replaced (the
stream refuses to open); a stream that is abandoned (an error, the process ends)
leaves the old file as it was and only its hidden temporary sibling behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from neuroagents.errors import ValidationError
from neuroagents.io import MARK, MARK_KEY, written_by_neuroagents

__all__ = ["SpikeStream"]


class SpikeStream:
    """Spikes appended to a parquet file as a run goes.

    Args:
        path: where the file appears on :meth:`close`.
        node_ids: the model's node ids (index -> id), for the ``neuron`` column.
        chunk: spikes kept in memory before they are written (a row group each).

    Raises:
        ValidationError: a file at ``path`` that this library did not write, or a
            chunk below 1.
    """

    def __init__(self, path: str | os.PathLike[str], node_ids: Sequence[Hashable], chunk: int):
        """Open the stream: a hidden temporary file beside ``path``."""
        self.target = Path(path)
        if self.target.exists() and not written_by_neuroagents(self.target):
            raise ValidationError(
                f"The 'path' parameter of stream_spikes names {str(self.target)!r}, a file this "
                "library did not write; it is never replaced. Choose another path."
            )
        if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1:
            raise ValidationError(
                f"The 'chunk' parameter of stream_spikes must be an int >= 1. Got {chunk!r}."
            )
        self.chunk = chunk
        ints = all(isinstance(x, int | np.integer) for x in node_ids)
        self._ids = np.asarray(node_ids, dtype=np.int64 if ints else object)
        if not ints:
            self._ids = np.asarray([str(x) for x in node_ids], dtype=object)
        schema = pa.schema(
            [("neuron", pa.int64() if ints else pa.string()), ("time", pa.float64())],
            metadata={MARK_KEY: MARK},
        )
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp"
        )
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer = pq.ParquetWriter(self._tmp, schema)
        self.written = 0

    def write(self, ids: np.ndarray, times: np.ndarray) -> None:
        """Append spikes: neuron indices ``ids`` at ``times`` (ms)."""
        if len(ids):
            table = pa.table({"neuron": self._ids[ids], "time": np.asarray(times, np.float64)})
            self._writer.write_table(table.cast(self._writer.schema))
            self.written += len(ids)

    def close(self) -> Path:
        """Finish the file and move it to its path (replacing only a file of ours)."""
        self._writer.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._tmp, 0o666 & ~umask)
        os.replace(self._tmp, self.target)
        return self.target
