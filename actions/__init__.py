"""Rasa custom actions: translate between Rasa and the `bot` library, nothing more."""
