"""The Dagster program: assets, checks, automation and the `eujapan` command line."""

from .startup import skip_unused_pandera_integrations

skip_unused_pandera_integrations()
