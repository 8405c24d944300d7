"""Classify stage: figures and initiatives to three-threes cells; one decision function,
`cell_model.decide`, shared by the pipeline and cross-validation."""
