"""Hjemvej: a Danish municipality's work against homelessness, the Housing First way."""

__version__ = "0.1.0"
