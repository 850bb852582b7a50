"""Everything Dagster loads: `dagster dev -w workspace.yaml` and `eujapan build` use this graph.

No asset has an AutomationCondition on purpose. Every trigger (UI, CLI, schedule, sensor) runs the
whole graph in one run, where a failed blocking check already stops `dataset_release`; the
publisher re-validates every table before writing, so a hand-started run of `dataset_release`
alone cannot publish tables whose checks failed earlier. Conditions would only add a third
trigger that needs `default_automation_condition_sensor` running to do anything.
"""

from __future__ import annotations

import dagster as dg

from .assets import dataset_release, document_facts, fact_tables, source_documents
from .automation import build_dataset, sources_folder_sensor, weekly_full_rebuild
from .resources import DatasetPaths, ExtractionExecutor

ASSETS = [source_documents, document_facts, fact_tables, dataset_release]

defs = dg.Definitions(
    assets=ASSETS,
    jobs=[build_dataset],
    schedules=[weekly_full_rebuild],
    sensors=[sources_folder_sensor],
    resources={"paths": DatasetPaths(), "extraction": ExtractionExecutor()},
    # One process: measured cheaper here than a subprocess per step (see README).
    executor=dg.in_process_executor,
)
