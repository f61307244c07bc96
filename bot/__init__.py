"""Samskabelsesrådgiveren's domain logic: rule base, routing, replies, Danish NLP.

Plain Python: nothing here imports the Rasa server, so it can be tested and
used (CLI, validation) on its own.
"""
