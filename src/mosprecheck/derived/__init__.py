"""Derived values: what a case comes to on the filing date, computed from the rulebook, that is
not a defect: the fees to pay (:mod:`.fees`), the last day to file (:mod:`.deadline`), the
documents the ground requires (:mod:`.requirements`), the checklist of the report summary
(:mod:`.checklist`) and the summary's figures (:mod:`.summary`).

A layer below the rules (docs/architecture.md): the rules (M00x, K020, A003, T00x...), the report
summary and the ``requirements`` command read these values; nothing here imports a rule.
"""
