"""Loaders: file -> validated records -> DuckDB. Reading uses python-calamine only."""
