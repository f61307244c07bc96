"""Names that two sides of the project must spell alike, defined once.

The REST channel (channels/rest.py, inside the Rasa server) and the terminal
tools that talk to it (tools/demo.py, tools/shell.py) share the secret header and
the variable it is read from; the demo names its conversations with a prefix
that the insight report (tools/report/) leaves out. The channels import Rasa
and the tools must not, so the names live here, in the library both import.
"""
from __future__ import annotations

# The REST channel's shared secret: the environment variable it is read from and the request header it travels in.
SECRET_ENV = "REST_SHARED_SECRET"
SECRET_HEADER = "X-Samskabelse-Secret"

# `make report` leaves conversations with this prefix out (trainers' demos are not real use).
DEMO_SENDER_PREFIX = "demo-"
