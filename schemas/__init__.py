"""The table contracts: one Pandera model per published table (tables.py) and helpers (contract.py).

Pandera checks whether dask is installed the first time a model builds its schema, by importing
`pandera.typing.dask`, which imports all of dask.dataframe (0.6-1.8 s here). dask is installed
for dask.distributed only; these models never see a dask DataFrame. Registering that module as
"dask not installed" before pandera looks keeps every process from paying for the import.
"""

import sys
import types

if "pandera.typing.dask" not in sys.modules:
    _no_dask = types.ModuleType(
        "pandera.typing.dask", "dask DataFrames are not used with pandera here"
    )
    _no_dask.DASK_INSTALLED = False
    sys.modules["pandera.typing.dask"] = _no_dask
