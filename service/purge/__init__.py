"""Purges of an edge cache (Varnish, Fastly, Cloudflare) from the purge outbox: see docs/caching.md."""
