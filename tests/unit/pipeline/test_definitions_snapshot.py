"""Snapshot of the Dagster definitions: every asset, its group, inputs and checks.

A change to the graph (a new table, a check added or made blocking) shows up here as a diff of
`definitions_snapshot.json`. When the change is meant, write the new snapshot and commit it
with the change:

    EUJAPAN_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest tests/unit/pipeline/test_definitions_snapshot.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.definitions import ASSETS, defs

SNAPSHOT = Path(__file__).with_name("definitions_snapshot.json")
UPDATE_ENV = "EUJAPAN_UPDATE_SNAPSHOT"


def current() -> dict:
    assets = {}
    for definition in ASSETS:
        for key in definition.keys:
            assets[key.to_user_string()] = {
                "group": definition.group_names_by_key[key],
                "deps": sorted(k.to_user_string() for k in definition.asset_deps[key]),
                "checks": sorted(
                    [spec.name, "blocking" if spec.blocking else "warn"]
                    for spec in definition.check_specs
                    if spec.asset_key == key
                ),
            }
    return {
        "assets": dict(sorted(assets.items())),
        "jobs": sorted(j.name for j in defs.jobs or []),
        "schedules": sorted(s.name for s in defs.schedules or []),
        "sensors": sorted(s.name for s in defs.sensors or []),
    }


def test_definitions_match_the_snapshot() -> None:
    now = current()
    if os.environ.get(UPDATE_ENV):
        SNAPSHOT.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"snapshot written to {SNAPSHOT.name}")
    assert now == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
