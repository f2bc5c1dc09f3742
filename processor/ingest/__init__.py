"""``reachability ingest``: backfill CDR and leg files into Kafka, checked line by line."""
