"""What the assistant says: one module per conversation flow (answers, assessment, recommendation, phases,
walk-through, quiz) and the helpers only the flows use. Pure Python: intent, text and state in, reply out."""
