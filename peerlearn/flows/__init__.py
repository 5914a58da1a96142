"""Learner flows: study, quiz and reflect. Each asks through a prompter, scores through the
engine and records through the store after every answer, so pausing loses nothing."""
