"""Imports: our CSV, NDJSON of events, TimelineJS JSON and the TimelineJS spreadsheet, all-or-nothing."""
