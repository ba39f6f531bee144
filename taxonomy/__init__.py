"""ESCO skills and occupations: loading, text normalisation and fuzzy lookup."""

from taxonomy.lookup import Match, Taxonomy, TermResult

__all__ = ["Match", "Taxonomy", "TermResult"]
