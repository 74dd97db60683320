"""Management commands of the core app: ``hjemvej demo`` and ``hjemvej export``."""
