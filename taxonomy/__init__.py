"""ESCO skills and occupations: loading, text normalisation and fuzzy lookup."""

from taxonomy.lookup import Match, Taxonomy

__all__ = ["Match", "Taxonomy"]
