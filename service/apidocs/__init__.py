"""/schema: the API reference page, served whole by this service (its script ships as package data)."""
