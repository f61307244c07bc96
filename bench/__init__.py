"""`make bench`: answer quality, speed, growth and footprint of the assistant.

Measures the project's config.yml side by side with Rasa's default config on
the same data; results go to bench/results/ as JSON and Markdown.
"""
