"""Test settings: Prefect and Great Expectations write only to temporary folders, quietly."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_PREFECT_TMP = Path(tempfile.mkdtemp(prefix="honlea-prefect-"))
os.environ["PREFECT_HOME"] = str(_PREFECT_TMP / "home")
os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(_PREFECT_TMP / "results")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["GX_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["HONLEA_RETRY_DELAYS"] = "0.1,0.1"  # retries stay on, without the production back-off
