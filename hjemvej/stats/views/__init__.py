"""The statistics pages: thin views over the selectors in ``hjemvej.stats``."""
