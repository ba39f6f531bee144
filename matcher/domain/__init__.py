"""Domain types: msgspec schemas, enums and state machines (no HTTP, SQL or Redis here)."""
