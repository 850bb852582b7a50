"""The one resource the assets need: where sources are read from and outputs written to."""

import dagster as dg

from eujapan.settings import Settings, load_settings


class DatasetPaths(dg.ConfigurableResource):
    """Folders for this run. Empty values fall back to eujapan.settings (env, then repo defaults)."""

    sources_dir: str = ""
    outputs_dir: str = ""

    def settings(self) -> Settings:
        return load_settings(self.sources_dir or None, self.outputs_dir or None)
