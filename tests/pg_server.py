"""The tests' real PostgreSQL server: deploy/postgres.py (the same one `make serve` starts)."""

from deploy.postgres import BIN_GLOB, INSTALL_HINT, PgServer, find_bin

__all__ = ["BIN_GLOB", "INSTALL_HINT", "PgServer", "find_bin"]
