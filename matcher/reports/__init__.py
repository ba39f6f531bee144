"""Reports for the weekly joint recruitment team."""
