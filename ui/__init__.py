"""The only Streamlit glue: cached data, the filter <-> URL, sign-in, pickers, downloads, uploads."""

from ui import auth, data, downloads, figures, filter, page, pickers, runtime, upload  # noqa: F401
