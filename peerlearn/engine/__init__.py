"""Pure logic: scoring, branching, mastery, review selection, training-year arithmetic. No I/O."""
