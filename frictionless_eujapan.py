"""Frictionless discovers plugins from top-level `frictionless_*` modules: this one makes the plain
`frictionless validate outputs/releases/<version>/datapackage.json` read our Parquet files through
its byte loader, so sizes, hashes, types and keys are really checked (see eujapan.frictionless_parquet).
"""

from eujapan.frictionless_parquet import EujapanParquetPlugin as EujapanPlugin

__all__ = ["EujapanPlugin"]
