"""Data protection's background jobs (loaded by the jobs room when the app starts)."""

from hjemvej.privacy.access_copy.job import access_copy  # noqa: F401  (privacy.access_copy)
