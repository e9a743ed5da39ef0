"""Run by every Python process the tests start (tests/conftest.py puts this folder on PYTHONPATH): while the
test session's guard is described in the environment, this process records what it opens outside the
repository too (tests/support/guard.py, loaded by its path: nothing of the repository is imported here)."""

import importlib.util
import os
import sys

if os.environ.get("PANTAUZI_TEST_OUTSIDE_GUARD"):
    _spec = importlib.util.spec_from_file_location(
        "_pantauzi_outside_guard", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "guard.py")
    )
    if _spec is not None and _spec.loader is not None:
        _guard = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(_guard)
        _guard.install_from_environment()
        sys.modules[_spec.name] = _guard  # a test session in this process reads the log instead (tests/conftest.py)
