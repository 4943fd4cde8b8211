"""Evaluation scripts: quality figures measured on held-out data, printed, never asserted as timings."""
