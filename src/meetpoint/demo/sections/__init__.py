"""The demo's sections, one module each. A section computes through the engines and returns plain data
(dicts and lists) that ``meetpoint.demo.console`` prints and the report template lays out; nothing here
decides a rule.

``agreements`` (governing terms), ``deadlines`` (section 252 and the IDT agreement's own), ``network``
(counts and POI placement), ``traffic`` (generate and ingest), ``rating`` (the usage cube), ``triggers``
(verdicts, election comparison, charts), ``election`` (Socket's election from the verdict's month),
``settlement`` (the illustrative inputs and a year of invoices), ``trueup`` (an illustrative
retroactive decision and its memos), ``notice`` (one drafted direct-connection notice).
"""
