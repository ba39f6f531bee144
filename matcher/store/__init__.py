"""Persistence: tables, repositories, migrations."""
