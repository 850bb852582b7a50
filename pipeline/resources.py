"""The resources the assets need: where sources are read from and outputs written to, and where
extraction runs."""

import os

import dagster as dg

from eujapan.parallel import Executor
from eujapan.settings import Settings, load_settings

DASK_SCHEDULER_ENV = "EUJAPAN_DASK_SCHEDULER"


class DatasetPaths(dg.ConfigurableResource):
    """Folders for this run. Empty values fall back to eujapan.settings (env, then repo defaults)."""

    sources_dir: str = ""
    outputs_dir: str = ""

    def settings(self) -> Settings:
        return load_settings(self.sources_dir or None, self.outputs_dir or None)


class ExtractionExecutor(dg.ConfigurableResource):
    """Where documents are extracted. Without a scheduler address: this process for a little
    text, else a local process pool with one worker per core. With one ("tcp://host:8786", here
    or in $EUJAPAN_DASK_SCHEDULER): the workers of that running dask.distributed cluster, which
    need this project installed at the same version."""

    scheduler_address: str = ""
    local_workers: int = 0  # 0: one per available core

    def executor(self) -> Executor:
        address = self.scheduler_address or os.environ.get(DASK_SCHEDULER_ENV, "").strip()
        return Executor(scheduler_address=address, workers=self.local_workers)
