"""Publishing a release, one module per job (plain Python, no Dagster):

- layout: every file name, the version folders, LATEST, listing and resolving releases.
- diff: the one comparison of two releases (fact-level changes and the version bump).
- parquet, changes, changelog, database, descriptor, page, manifest: one writer per file format.
- procedure: publishing itself (lock, temporary folder, checks, fsync, rename, pointer, repair).
"""
