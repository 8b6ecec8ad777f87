"""Timeline exports: TimelineJS, JSON-LD, CSL-JSON, iCalendar, Atom and CSV, streamed in chunks."""
