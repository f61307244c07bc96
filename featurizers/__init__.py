"""Rasa NLU components of the project's own (they extend the Rasa pipeline, like channels/ and store/)."""
