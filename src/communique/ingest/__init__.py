"""Reading corpora: files, directories and stdin into Articles (or Rejects with a reason)."""

from communique.ingest.readers import DEFAULT_MAX_BYTES, Record, iter_records, parse_date, read_paths

__all__ = ["DEFAULT_MAX_BYTES", "Record", "iter_records", "parse_date", "read_paths"]
