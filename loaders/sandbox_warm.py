"""Imported once by the sandbox's forkserver: the readers and the reference data, loaded before the
first child is forked, so every child starts with them."""

from loaders import lke, prepare, workbook  # noqa: F401

lke.load_reference()
