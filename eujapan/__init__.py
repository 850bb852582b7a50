"""Plain-Python core of the EU-Japan Cooperation Dataset: sources, extraction, tables, releases.

Nothing in this package imports Dagster; `pipeline/` wraps it in assets.
"""
