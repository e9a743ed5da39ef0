"""Ombudsman RI ratings and KPK MCP scores: PantauZI's own templates (xlsx or CSV with the same columns)
-> validated rows -> DuckDB, with the guarantees of the LKE loader: every bad cell named, nothing stored
on any error, the same file twice changes nothing, a new file replaces the rows it covers and keeps
the old ones as history.
"""

from loaders.ratings.mcp import parse_mcp
from loaders.ratings.ombudsman import parse_ombudsman
from loaders.ratings.store import RatingOutcome, ingest_ratings
from loaders.ratings.tables import Table, read_tables

__all__ = ["RatingOutcome", "Table", "ingest_ratings", "parse_mcp", "parse_ombudsman", "read_tables"]
