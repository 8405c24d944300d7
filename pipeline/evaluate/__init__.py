"""Evaluation: gold annotations, article-grouped cross-validation (cv), scoring of a run
(score) and the pinned floors (gate)."""
