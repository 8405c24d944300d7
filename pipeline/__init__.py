"""sansan: figures, initiatives and three-threes cells from Chinese education-bureau articles."""

__version__ = "0.1.0"
