"""Rasa input/output channels: REST with an optional shared secret, Slack, Microsoft Teams.

These import Rasa server code, so they live outside `bot/` (which must not).
"""
