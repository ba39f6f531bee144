"""Matching: term recognition, eligibility, scoring and shortlist policy."""
