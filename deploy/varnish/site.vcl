# What differs from one deployment to another, included by default.vcl: where the service is, and who
# may purge. This one fits `make run` on the same host; a deployment mounts its own in its place.

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Addresses that may send PURGE: the hosts the service's purger runs on (DATELINE_PURGE_URL).
acl purgers {
    "127.0.0.1";
    "::1";
}
