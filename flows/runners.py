"""The task runner is a setting: a thread pool by default, Dask to spread files over a cluster."""

from __future__ import annotations

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner


def task_runner(setting: str, parallel_files: int) -> TaskRunner:
    """threads; dask (a local Dask cluster in processes); dask://host:port (an existing scheduler).
    Threads, and the local cluster's workers, take `parallel_files` files at a time (HONLEA_PARALLEL_FILES,
    by default the number of cores): the others wait, so memory holds that many files' frames, not all."""
    if setting == "threads":
        return ThreadPoolTaskRunner(max_workers=parallel_files)
    if setting == "dask" or setting.startswith("dask://"):
        from prefect_dask import DaskTaskRunner

        if setting == "dask":
            return DaskTaskRunner(
                cluster_kwargs={"n_workers": parallel_files, "threads_per_worker": 1, "processes": True}
            )
        return DaskTaskRunner(address="tcp://" + setting.removeprefix("dask://"))
    raise ValueError(f"unknown task runner {setting!r}: use threads, dask or dask://host:port")
