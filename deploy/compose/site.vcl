# docker-compose.yml's site.vcl, mounted beside deploy/varnish/default.vcl in place of the one for
# `make run`: the two API replicas behind a round-robin director, each with a health probe, and the
# compose network's addresses as purgers (the API replicas' purgers send PURGE from there).

import directors;

probe ready {
    .url = "/health/ready";
    .interval = 5s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend api1 {
    .host = "api-1";
    .port = "8000";
    .probe = ready;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

backend api2 {
    .host = "api-2";
    .port = "8000";
    .probe = ready;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

acl purgers {
    "127.0.0.1";
    "172.28.0.0"/16;
}

sub vcl_init {
    new api = directors.round_robin();
    api.add_backend(api1);
    api.add_backend(api2);
}

sub vcl_recv {
    set req.backend_hint = api.backend();
}
