# Varnish (Debian's varnish 7.1 + varnish-modules' xkey) in front of Dateline: see docs/caching.md.
#
# * Public GETs and HEADs are cached; requests with Authorization (a newsroom's own view, with drafts)
#   or a cookie, and every other method, go to the service and are never cached.
# * An object lives for the `max-age` of the service's Surrogate-Control (long: purges keep it fresh),
#   else that of its Cache-Control; it is served stale for the `stale-while-revalidate` seconds after
#   that (grace) while one request refetches it. Clients get the service's own Cache-Control.
# * The service's purger sends `PURGE /` with `xkey-purge: k1 k2 ...` (or `xkey-softpurge`); every
#   object whose Surrogate-Key names one of the keys is dropped (or made stale). Only addresses of the
#   `purgers` ACL may purge.
# * Surrogate-*, CDN-Cache-Control and Cache-Tag headers are for caches only: removed toward clients, unless a
#   purger address asks with `X-Edge-Debug: 1` (then also X-Edge-Hits and the cached object's Age).
#
# site.vcl (beside this file) names the backend and the purgers' addresses.

vcl 4.1;

import std;
import xkey;

include "./site.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey-softpurge) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "PURGE needs an xkey-purge or xkey-softpurge header"));
        }
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.http.X-Edge-Debug && client.ip !~ purgers) {
        unset req.http.X-Edge-Debug;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only whole public answers are kept; an error or a redirect is asked for again next time.
    if (beresp.status != 200) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "(^|[ ,])max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^(.*[ ,])?max-age=([0-9]+).*$", "\2") + "s", 0s);
        if (beresp.http.Surrogate-Control ~ "(^|[ ,])stale-while-revalidate=[0-9]+") {
            set beresp.grace = std.duration(regsub(beresp.http.Surrogate-Control,
                "^(.*[ ,])?stale-while-revalidate=([0-9]+).*$", "\2") + "s", 0s);
        }
        set beresp.http.X-Edge-Kept = "surrogate";
    }
    # Varnish reads max-age and stale-while-revalidate of Cache-Control itself (ttl and grace) otherwise.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    return (deliver);
}

sub vcl_hit {
    # Within grace Varnish serves the stale object and refetches it in the background.
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    if (req.http.X-Edge-Debug) {
        set resp.http.X-Edge-Hits = obj.hits;
        return (deliver);
    }
    # Kept by Surrogate-Control, the object is as fresh as its last purge: browsers count their own
    # Cache-Control from now, not from when the edge fetched it.
    if (resp.http.X-Edge-Kept) {
        set resp.http.Age = "0";
        set resp.http.Date = now;
    }
    unset resp.http.X-Edge-Kept;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    unset resp.http.CDN-Cache-Control;
    unset resp.http.Cache-Tag;
    unset resp.http.xkey;
    return (deliver);
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}
