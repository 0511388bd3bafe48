"""The reference HQ server: receives desks' batches exactly once and publishes the catalog."""
