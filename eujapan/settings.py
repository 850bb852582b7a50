"""One place for paths and limits. Every value has a repo-relative default and an environment override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def _path(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


class SettingsError(ValueError):
    """An environment setting has a value that cannot be used; the message names it."""


def _int(env: str, default: int) -> int:
    value = os.environ.get(env, "").strip().replace("_", "")
    if not value:
        return default
    if not value.isdigit() or int(value) <= 0:
        raise SettingsError(f"{env}={os.environ[env]!r}: expected a positive whole number of bytes")
    return int(value)


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build one with `load_settings()` so environment overrides apply."""

    sources_dir: Path
    outputs_dir: Path
    dagster_home: Path
    max_source_bytes: int
    max_build_bytes: int
    gold_dir: Path = REPO_ROOT / "tests" / "gold"

    @property
    def releases_dir(self) -> Path:
        return self.outputs_dir / "releases"

    @property
    def cache_dir(self) -> Path:
        return self.outputs_dir / "cache"


# 5 MB is far above any press release or article; a bigger file is more likely a mistake.
DEFAULT_MAX_SOURCE_BYTES = 5_000_000
DEFAULT_MAX_BUILD_BYTES = 2_000_000_000


def load_settings(
    sources_dir: str | Path | None = None, outputs_dir: str | Path | None = None
) -> Settings:
    """Settings from explicit arguments, else `EUJAPAN_*` environment variables, else defaults."""
    return Settings(
        sources_dir=Path(sources_dir).resolve()
        if sources_dir
        else _path("EUJAPAN_SOURCES_DIR", REPO_ROOT / "sources"),
        outputs_dir=Path(outputs_dir).resolve()
        if outputs_dir
        else _path("EUJAPAN_OUTPUTS_DIR", REPO_ROOT / "outputs"),
        dagster_home=_path("DAGSTER_HOME", REPO_ROOT / ".dagster_home"),
        max_source_bytes=_int("EUJAPAN_MAX_SOURCE_BYTES", DEFAULT_MAX_SOURCE_BYTES),
        max_build_bytes=_int("EUJAPAN_MAX_BUILD_BYTES", DEFAULT_MAX_BUILD_BYTES),
    )


def check_folders(settings: Settings) -> None:
    """Refuse folders a build cannot use: outputs inside the sources (the next build would read
    its own release as sources), sources inside the outputs, or outputs that is not a folder."""
    sources, outputs = settings.sources_dir.resolve(), settings.outputs_dir.resolve()
    if sources == outputs or sources in outputs.parents:
        raise SettingsError(
            f"{outputs}: the outputs folder is inside the sources folder {sources} (or is it); "
            "choose an outputs folder outside it"
        )
    if outputs in sources.parents:
        raise SettingsError(
            f"{sources}: the sources folder is inside the outputs folder {outputs}; "
            "choose folders apart"
        )
    if outputs.exists() and not outputs.is_dir():
        raise SettingsError(f"{outputs}: the outputs folder is a file, not a folder")
