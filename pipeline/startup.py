"""Process-wide settings of the program, applied once when the `pipeline` package is imported.

`eujapan` (pipeline.cli) and Dagster (pipeline.definitions) both enter through this package, so
this is the program's entry point; the models in `schemas/` stay free of global side effects.

Two optional integrations of Pandera cost every process that validates a table an import it
never uses, so they are switched off before Pandera looks for them:

- Pandera checks whether dask is installed the first time a model builds its schema, by
  importing `pandera.typing.dask`, which imports all of dask.dataframe (0.6-1.8 s here). dask is
  installed for dask.distributed only; these models never see a dask DataFrame. That module is
  registered as "dask not installed".
- The first validation registers Pandera's built-in checks, whose data-synthesis strategies
  import hypothesis when it is installed (0.3 s; it is here for our own fuzz tests). Pandera's
  strategies are not used, so their module is imported once as if hypothesis were absent,
  unless hypothesis is already loaded (then it costs nothing).
"""

import sys
import types


def skip_unused_pandera_integrations() -> None:
    """Register Pandera's dask typing and strategies modules without dask and hypothesis."""
    if "pandera.typing.dask" not in sys.modules:
        no_dask = types.ModuleType(
            "pandera.typing.dask", "dask DataFrames are not used with pandera here"
        )
        no_dask.DASK_INSTALLED = False
        sys.modules["pandera.typing.dask"] = no_dask

    if "hypothesis" not in sys.modules and "pandera.strategies.base_strategies" not in sys.modules:
        # A None entry makes `import hypothesis` raise ImportError, pandera's "not installed" path.
        sys.modules["hypothesis"] = None  # type: ignore[assignment]
        try:
            import pandera.strategies.base_strategies  # noqa: F401
        finally:
            del sys.modules["hypothesis"]
