"""`streamlit` with every script run profiled: what benchmarks.serve --profile starts instead of
`python -m streamlit`.

    PANTAUZI_PROFILE_DIR=DIR python -m benchmarks.profiled_server run dashboard.py [streamlit options]

Each run of the app's script (in Streamlit's script thread, where the page's server time goes) is
recorded by pyinstrument and saved as DIR/<n>-<page>.pyisession, <page> being the title of the
st.Page the run executed ("app" when none ran, e.g. the reference app).
"""

from __future__ import annotations

import os
import re
import sys
import threading
from itertools import count
from pathlib import Path
from typing import Any

_page = threading.local()
_runs = count()


def install(folder: Path) -> None:
    from pyinstrument import Profiler
    from streamlit.navigation import page as st_page
    from streamlit.runtime.scriptrunner import script_runner

    folder.mkdir(parents=True, exist_ok=True)
    run_page, run_script = st_page.Page.run, script_runner.exec_func_with_error_handling

    def page_run(self: Any) -> None:
        _page.title = str(self.title)
        run_page(self)

    def profiled(func: Any, ctx: Any) -> Any:
        _page.title = "app"
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        try:
            return run_script(func, ctx)
        finally:
            session = profiler.stop()
            slug = re.sub(r"[^A-Za-z0-9]+", "_", _page.title).strip("_") or "app"
            session.save(folder / f"{next(_runs):05d}-{slug}.pyisession")

    st_page.Page.run = page_run  # type: ignore[method-assign]
    script_runner.exec_func_with_error_handling = profiled  # type: ignore[assignment]


def main() -> None:
    install(Path(os.environ["PANTAUZI_PROFILE_DIR"]))
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
