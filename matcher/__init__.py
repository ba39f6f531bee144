"""Kohtaanto: recruitment matching between a city's employment services and staffing partners."""
