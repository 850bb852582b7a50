"""The build job, the weekly from-scratch schedule and the sources-folder sensor.

Both are off by default. Turn them on in the UI (Automation tab), or start Dagster with
EUJAPAN_ENABLE_SCHEDULE=1 / EUJAPAN_ENABLE_SENSOR=1 to have them running from the start.
"""

import hashlib
import json
import os
from pathlib import Path

import dagster as dg

from eujapan.sources import CATALOGUE_FILE, TEXT_SUFFIXES

from .resources import DatasetPaths

build_dataset = dg.define_asset_job(
    "build_dataset",
    selection=dg.AssetSelection.all(),
    description="Read the sources, extract facts, validate the tables and publish a release.",
)


SCHEDULE_ENV = "EUJAPAN_ENABLE_SCHEDULE"
SENSOR_ENV = "EUJAPAN_ENABLE_SENSOR"


def enabled_by_env(env: str) -> bool:
    """True when the variable says on (1/true/yes/on); read once, when the code location loads."""
    return os.environ.get(env, "").strip().lower() in {"1", "true", "yes", "on"}


weekly_full_rebuild = dg.ScheduleDefinition(
    name="weekly_full_rebuild",
    cron_schedule="0 3 * * 1",
    execution_timezone="UTC",
    job=build_dataset,
    run_config={"ops": {"document_facts": {"config": {"use_cache": False}}}},
    tags={"trigger": "weekly_full_rebuild"},
    description="Every Monday 03:00 UTC: extract every text again (cache ignored) and publish.",
    default_status=dg.DefaultScheduleStatus.RUNNING
    if enabled_by_env(SCHEDULE_ENV)
    else dg.DefaultScheduleStatus.STOPPED,
)


def folder_state(sources_dir: Path) -> dict[str, list[int]]:
    """What the sensor compares between ticks: size and modification time of every input file."""
    state: dict[str, list[int]] = {}
    if not sources_dir.is_dir():
        return state
    for path in sorted(sources_dir.rglob("*")):
        if path.is_file() and (path.suffix.lower() in TEXT_SUFFIXES or path.name == CATALOGUE_FILE):
            st = path.lstat()
            state[path.relative_to(sources_dir).as_posix()] = [st.st_size, st.st_mtime_ns]
    return state


def describe_changes(old: dict, new: dict) -> dict[str, list[str]]:
    return {
        "added": sorted(new.keys() - old.keys()),
        "deleted": sorted(old.keys() - new.keys()),
        "changed": sorted(k for k in new.keys() & old.keys() if new[k] != old[k]),
    }


@dg.sensor(
    job=build_dataset,
    minimum_interval_seconds=30,
    description="Requests a build when texts in the sources folder are added, changed or deleted.",
    default_status=dg.DefaultSensorStatus.RUNNING
    if enabled_by_env(SENSOR_ENV)
    else dg.DefaultSensorStatus.STOPPED,
)
def sources_folder_sensor(context: dg.SensorEvaluationContext, paths: DatasetPaths):
    new = folder_state(paths.settings().sources_dir)
    old = json.loads(context.cursor) if context.cursor else {}
    if new == old:
        return dg.SkipReason("no text added, changed or deleted since the last build request")
    changes = describe_changes(old, new)
    context.update_cursor(json.dumps(new, sort_keys=True))
    run_key = hashlib.sha256(json.dumps(new, sort_keys=True).encode()).hexdigest()[:16]
    summary = ", ".join(f"{len(v)} {k}" for k, v in changes.items() if v)
    context.log.info(f"sources changed: {summary}")
    return dg.RunRequest(
        run_key=run_key,
        tags={"trigger": "sources_folder_sensor", "sources_changed": summary[:200]},
    )
