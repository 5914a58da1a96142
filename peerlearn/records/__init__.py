"""The learner's records: TinyDB behind one small interface, crash-safe and locked."""
