"""Dagster asset checks made from the contract: specs from `check_specs`, results from `check_all`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import dagster as dg

from schemas.checks import CheckResult, check_specs

from .metadata import markdown_preview, violation_metadata

MAX_ROWS_SHOWN = 50


def asset_check_specs() -> list[dg.AssetCheckSpec]:
    """One spec per check the models declare: blocking contract checks and warnings."""
    return [
        dg.AssetCheckSpec(s.name, asset=s.table, blocking=s.blocking, description=s.description)
        for s in check_specs()
    ]


def _metadata(result: CheckResult) -> dict[str, object]:
    if result.spec.blocking:
        return violation_metadata(result.violations)
    metadata: dict[str, object] = dict(result.details)
    if result.rows is not None:
        metadata["rows"] = markdown_preview(result.rows, MAX_ROWS_SHOWN)
    return metadata


def asset_check_results(
    report: Mapping[str, Mapping[str, CheckResult]],
) -> Iterator[dg.AssetCheckResult]:
    """A `check_all` report as Dagster check results: errors block, warnings only warn."""
    for table, by_check in report.items():
        for name, result in by_check.items():
            yield dg.AssetCheckResult(
                asset_key=table,
                check_name=name,
                passed=result.passed,
                severity=dg.AssetCheckSeverity.ERROR
                if result.spec.blocking
                else dg.AssetCheckSeverity.WARN,
                metadata=_metadata(result),
            )
