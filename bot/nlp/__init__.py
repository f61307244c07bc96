"""Danish language processing: the spaCy pipeline built at training time, the sentence encoder, passage
retrieval, the checks on config.yml and the scoring of NLU predictions. No Rasa server code."""
