"""End to end through the real Dagster webserver and daemon (`dagster dev`), as an operator uses it.

One server per module: it takes about 30 s to answer here. It runs in its own session with SIGINT
reset to the default (a backgrounded `dagster dev` ignores SIGINT/SIGTERM otherwise), and the
whole process group is stopped at the end, so no webserver, daemon or run worker is left behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from eujapan.settings import REPO_ROOT
from schemas.tables import TABLES
from tests import support

pytestmark = pytest.mark.slow

ASSETS = ["source_documents", "document_facts", *TABLES, "dataset_release"]
CHANGED_FILE = "h01_vulcanus-in-japan-wikipedia.txt"
CHANGED_ID = "h01_vulcanus-in-japan-wikipedia"
START_TIMEOUT = 240  # seconds; about 30 s is usual, more when the machine is busy
RUN_TIMEOUT = 420
# Tall enough for the nine table outputs stacked in one column: the graph only draws the
# nodes inside the window.
CHROMIUM_FLAGS = [*support.CHROMIUM_FLAGS, "--window-size=1600,2400"]


@dataclass
class Server:
    url: str
    sources: Path
    outputs: Path
    log: Path
    tmp: Path
    location: str = ""

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        assert not answer.get("errors"), answer["errors"]
        return answer["data"]

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop_group(process: subprocess.Popen) -> None:
    """SIGTERM to the whole group, then SIGKILL to whatever is left in it."""
    try:
        pgid = os.getpgid(process.pid)
    except ProcessLookupError:
        return
    for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            process.poll()
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.5)
    process.wait(timeout=10)


LOCATIONS = """
{ workspaceOrError { ... on Workspace { locationEntries {
    name loadStatus
    locationOrLoadError { __typename ... on PythonError { message } }
} } } }
"""


def _wait_until_loaded(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dagster dev exited with {process.returncode}:\n{server.log_tail()}")
        try:
            entries = server.graphql(LOCATIONS)["workspaceOrError"]["locationEntries"]
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(exc)
            time.sleep(1)
            continue
        for entry in entries:
            loaded = entry["locationOrLoadError"]
            if loaded and loaded["__typename"] == "PythonError":
                pytest.fail(f"code location failed to load: {loaded['message']}")
            if loaded and entry["loadStatus"] == "LOADED":
                server.location = entry["name"]
                return
        time.sleep(1)
    pytest.fail(
        f"webserver did not load the code in {START_TIMEOUT}s ({last}):\n{server.log_tail()}"
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("webserver")
    home = tmp / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "pipeline/dagster_home/dagster.yaml", home / "dagster.yaml")
    sources = tmp / "sources"
    shutil.copytree(REPO_ROOT / "sources", sources)
    outputs = tmp / "outputs"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "EUJAPAN_ENABLE_SENSOR"}
    env.update(
        DAGSTER_HOME=str(home),
        DAGSTER_DISABLE_TELEMETRY="1",
        EUJAPAN_SOURCES_DIR=str(sources),
        EUJAPAN_OUTPUTS_DIR=str(outputs),
        # The schedule is switched on by environment here; the sensor is left at its default (off)
        # so that only the runs this test launches touch the outputs.
        EUJAPAN_ENABLE_SCHEDULE="1",
    )
    log = tmp / "dagster_dev.log"
    dagster = Path(sys.executable).parent / "dagster"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_default_sigint,
        )
    server = Server(f"http://127.0.0.1:{port}", sources, outputs, log, tmp)
    try:
        _wait_until_loaded(server, process)
        yield server
    finally:
        _stop_group(process)


REPOSITORY = """
query ($location: String!) {
  repositoryOrError(repositorySelector: {repositoryLocationName: $location,
                                         repositoryName: "__repository__"}) {
    ... on Repository {
      jobs { name }
      schedules { name scheduleState { status } }
      sensors { name sensorState { status } }
      assetNodes {
        assetKey { path }
        groupName
        kinds
        assetChecksOrError { ... on AssetChecks { checks { name blocking } } }
      }
    }
  }
}
"""

LAUNCH = """
mutation ($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}
"""

RUN = """
query ($runId: ID!) {
  runOrError(runId: $runId) {
    ... on Run {
      status
      assetMaterializations {
        assetKey { path }
        metadataEntries {
          label
          ... on JsonMetadataEntry { jsonString }
          ... on IntMetadataEntry { intValue }
          ... on TextMetadataEntry { text }
          ... on PathMetadataEntry { path }
        }
      }
    }
  }
}
"""

RUN_EVENTS = """
query ($runId: ID!) {
  logsForRun(runId: $runId) {
    ... on EventConnection {
      events {
        __typename
        ... on MessageEvent { message }
        ... on EngineEvent { error { message } }
        ... on ExecutionStepFailureEvent { error { message } }
      }
    }
  }
}
"""


def _launch_build(server: Server) -> dict:
    params = {
        "selector": {
            "repositoryLocationName": server.location,
            "repositoryName": "__repository__",
            "jobName": "build_dataset",
        },
        "runConfigData": {},
    }
    launched = server.graphql(LAUNCH, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        run = server.graphql(RUN, {"runId": run_id})["runOrError"]
        if run["status"] in {"SUCCESS", "FAILURE", "CANCELED"}:
            break
        time.sleep(2)
    else:
        pytest.fail(f"run {run_id} did not finish in {RUN_TIMEOUT}s:\n{server.log_tail()}")
    if run["status"] != "SUCCESS":
        events = server.graphql(RUN_EVENTS, {"runId": run_id})["logsForRun"]["events"]
        messages = "\n".join(
            f"{e['__typename']}: {e.get('message')} {(e.get('error') or {}).get('message', '')}"
            for e in events[-15:]
        )
        pytest.fail(f"run {run_id} ended {run['status']}:\n{messages}")
    return {
        m["assetKey"]["path"][-1]: {e["label"]: _value(e) for e in m["metadataEntries"]}
        for m in run["assetMaterializations"]
    }


def _value(entry: dict):
    for field in ("jsonString", "intValue", "text", "path"):
        if entry.get(field) is not None:
            return entry[field]
    return None


def test_assets_checks_schedule_and_sensor_are_loaded(server: Server) -> None:
    repo = server.graphql(REPOSITORY, {"location": server.location})["repositoryOrError"]
    assert "build_dataset" in {j["name"] for j in repo["jobs"]}
    schedules = {s["name"]: s["scheduleState"]["status"] for s in repo["schedules"]}
    sensors = {s["name"]: s["sensorState"]["status"] for s in repo["sensors"]}
    assert schedules == {"weekly_full_rebuild": "RUNNING"}, "EUJAPAN_ENABLE_SCHEDULE=1 ignored"
    assert sensors == {"sources_folder_sensor": "STOPPED"}, "the sensor must be off by default"
    nodes = {n["assetKey"]["path"][-1]: n for n in repo["assetNodes"]}
    assert set(nodes) == set(ASSETS)
    assert nodes["dataset_release"]["groupName"] == "release"
    assert {"parquet", "duckdb"} <= set(nodes["dataset_release"]["kinds"])
    for table in TABLES:
        checks = {c["name"]: c["blocking"] for c in nodes[table]["assetChecksOrError"]["checks"]}
        assert checks["schema"] is True and checks["unique_id"] is True, table
        assert checks["row_count_vs_latest_release"] is False, table


def test_build_publishes_and_the_next_run_extracts_only_the_changed_text(server: Server) -> None:
    first = _launch_build(server)
    ids = sorted(json.loads(first["document_facts"]["extracted"]))
    assert CHANGED_ID in ids
    assert len(ids) == first["source_documents"]["dagster/row_count"]
    releases = server.outputs / "releases"
    assert first["dataset_release"]["status"] == "published"
    assert (releases / "LATEST").read_text().strip() == first["dataset_release"]["version"]
    assert (releases / first["dataset_release"]["version"] / "manifest.json").is_file()

    changed = server.sources / CHANGED_FILE
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nThe EU and Japan met in Tokyo on 3 March 2025.\n",
        encoding="utf-8",
    )
    second = _launch_build(server)
    assert json.loads(second["document_facts"]["extracted"]) == [CHANGED_ID]
    assert second["document_facts"]["reused_count"] == len(ids) - 1
    # The text's bytes changed, so at least its row in `sources` did: a new release.
    assert second["dataset_release"]["status"] == "published"
    assert second["dataset_release"]["previous"] == first["dataset_release"]["version"]
    assert (releases / "LATEST").read_text().strip() == second["dataset_release"]["version"]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("chromium is not installed: run `make browser` (make test does)")
    return path


def test_asset_graph_page_shows_every_asset_in_headless_chromium(server: Server) -> None:
    chromium = _chromium()
    # The first visit from loopback opens a newsletter dialog over the graph; mark it as seen.
    assert server.graphql("mutation { setNuxSeen }")["setNuxSeen"] is True
    # The group's lineage page draws the tables with their upstream and downstream neighbours,
    # so every asset of the graph is on it (the global page starts with groups collapsed).
    url = f"{server.url}/locations/{server.location}/asset-groups/tables/lineage"
    profile = server.tmp / "chromium-profile"
    missing: list[str] = list(ASSETS)
    for budget in (20_000, 40_000, 60_000):
        dom = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                # A tall window: the graph draws only the nodes inside the viewport.
                "--window-size=1600,2400",
                f"--virtual-time-budget={budget}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=180,
        ).stdout
        # A node's label is a text node of its own: match it whole, not inside longer names.
        missing = [n for n in ASSETS if not re.search(rf">\s*{re.escape(n)}\s*<", dom)]
        if not missing:
            break
    assert not missing, f"not on the asset graph page: {missing}"

    screenshot = server.tmp / "asset-graph.png"
    subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=20000",
            f"--screenshot={screenshot}",
            url,
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000, "the screenshot looks empty"
