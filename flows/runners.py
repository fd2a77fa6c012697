"""The task runner is a setting: a thread pool by default, Dask to spread files over a cluster."""

from __future__ import annotations

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner


def task_runner(setting: str) -> TaskRunner:
    """threads; dask (a local Dask cluster in processes); dask://host:port (an existing scheduler)."""
    if setting == "threads":
        return ThreadPoolTaskRunner()
    if setting == "dask" or setting.startswith("dask://"):
        from prefect_dask import DaskTaskRunner

        if setting == "dask":
            return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True})
        return DaskTaskRunner(address="tcp://" + setting.removeprefix("dask://"))
    raise ValueError(f"unknown task runner {setting!r}: use threads, dask or dask://host:port")
