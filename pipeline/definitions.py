"""Everything Dagster loads: `dagster dev -w workspace.yaml` and `eujapan build` use this graph."""

from __future__ import annotations

import dagster as dg

from .assets import dataset_release, document_facts, fact_tables, source_documents
from .automation import build_dataset, sources_folder_sensor, weekly_full_rebuild
from .resources import DatasetPaths

ASSETS = [source_documents, document_facts, fact_tables, dataset_release]

defs = dg.Definitions(
    assets=ASSETS,
    jobs=[build_dataset],
    schedules=[weekly_full_rebuild],
    sensors=[sources_folder_sensor],
    resources={"paths": DatasetPaths()},
    # One process: measured cheaper here than a subprocess per step (see README).
    executor=dg.in_process_executor,
)
