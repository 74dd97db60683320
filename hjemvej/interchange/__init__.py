"""Data in and out: a municipality's records as one workbook (``docs/import.md``)."""
