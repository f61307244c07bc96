"""Rasa tracker store extensions (they import Rasa server code, so not in bot/)."""
