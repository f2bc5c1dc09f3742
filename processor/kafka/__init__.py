"""Kafka plumbing shared by the worker and the commands: topic names, admin, client settings."""
