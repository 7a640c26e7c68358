"""Learned components beside the rules: the event model (features, run time, training)."""
