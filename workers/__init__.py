"""Background jobs (arq): feedback requests and reminders, run by ``matcher worker``."""
