"""The list over time: Built for Zero's monthly report of the by-name list, in Danish terms.

Per month: the citizens on the list at its start and end (at the end by situation, age band and
long-term or not), the inflow (newly identified, returned from housing, returned from inactive),
the outflow (housed, inactive, moved away, died, no longer eligible) and the net change; and the
municipality's targets (``stats.models.ListTarget``). ``selectors`` computes it from the list's
event log, ``charts`` draws it, ``xlsx`` writes it; the page is ``stats.views.flows``, the
command ``hjemvej stats flows``. docs/statistics.md, "The list over time".
"""
