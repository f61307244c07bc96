"""Insight report for the owner of the bot: what people ask, what fails, how far they get.

Reads Rasa's SQL tracker store and writes a Markdown report with PNG charts
(`make report`). Every text a reader sees comes from data/report.yml; the
examples of messages are masked, since people type names and contact details
the input channels cannot recognise. One module per step, in the order
build.py runs them: events (read the store) → insights (replay each
conversation into figures, masking examples) → charts and markdown (draw and
write); texts holds the Danish texts and the error type they all share.
"""
