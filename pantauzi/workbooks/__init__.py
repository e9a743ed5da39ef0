"""Workbooks PantauZI writes: blank templates and the demo generators."""
