vcl 4.1;

# Varnish 7 in front of Newsroom (Debian: apt install varnish varnish-modules), with the xkey module so the app
# can purge every cached page that shows what changed. The app sends each public page's keys in an `xkey`
# header (and `Surrogate-Key` for CDNs); set VARNISH_PURGE_URLS=http://<this varnish>/ in the app's environment.
#
# Lifetimes come from the app's Cache-Control: shared caches keep pages for an hour (`s-maxage`), serve them
# stale for a while when the app is slow (`stale-while-revalidate`, Varnish's grace), and purges remove them
# at once. Browsers get the app's own short `max-age`. A page whose lifetime the app capped at a scheduled story's
# time (or an expiry) comes with `stale-while-revalidate=0` and gets no grace at all: it is never served past it.

import proxy;
import xkey;

# Where gunicorn listens. (The integration test rewrites this port for its own server.)
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers. Add their addresses here when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

# Who may tell Varnish who the reader is and whether they came over HTTPS: a TLS terminator or load balancer in
# front that sends HTTP (nginx, haproxy, a cloud load balancer). Their X-Forwarded-For chain is kept, with their own
# address appended, and their X-Forwarded-Proto believed; from anyone else both are Varnish's own. As shipped: a TLS
# terminator on this machine. Add the load balancer's addresses here, and put them with this Varnish's address in
# the app's TRUSTED_PROXIES. A terminator speaking the PROXY protocol (hitch) needs no entry: Varnish knows its TLS.
acl forwarders {
    "127.0.0.1";
    "::1";
}

# What the app reads about the request's origin is said by Varnish, never passed on from a reader: the reader's
# address (X-Forwarded-For), the scheme (X-Forwarded-Proto, which the page's absolute links and its
# Content-Security-Policy are built from, so a reader's "https" on a plain request would be cached for everyone).
sub newsroom_forwarded {
    # Varnish has already appended client.ip (the reader, or the forwarder) to whatever X-Forwarded-For came in.
    if (client.ip !~ forwarders) {
        set req.http.X-Forwarded-For = client.ip;
    }
    if (proxy.is_ssl()) {
        set req.http.X-Forwarded-Proto = "https";
    } elsif (client.ip ~ forwarders && req.http.X-Forwarded-Proto ~ "^(?i)https$") {
        set req.http.X-Forwarded-Proto = "https";
    } else {
        set req.http.X-Forwarded-Proto = "http";
    }
    # Nothing else may name a host, port, scheme or path for the app or gunicorn to build addresses from.
    unset req.http.X-Forwarded-Host;
    unset req.http.X-Forwarded-Port;
    unset req.http.X-Forwarded-Server;
    unset req.http.X-Forwarded-Ssl;
    unset req.http.X-Forwarded-Protocol;
    unset req.http.X-Url-Scheme;
    unset req.http.Front-End-Https;
    unset req.http.Forwarded;
    unset req.http.X-Real-IP;
    unset req.http.SCRIPT_NAME;
    unset req.http.PATH_INFO;
}

sub vcl_recv {
    call newsroom_forwarded;
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey) {
            return (synth(400, "A purge needs an xkey header"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.x-purged + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors' and staff pages, previews and the health check are never cached.
    if (req.url ~ "^/(admin|preview|account|accounts)(/|$)" || req.url ~ "^/healthz") {
        return (pass);
    }
    # A logged-in editor (or a reader with a message waiting) sees the site as it is, not as it was cached.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Readers' pages are the same for everyone: other cookies (a CSRF token, analytics) don't change them.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # A page names its own origin (its script-src, canonical and feed links): the https and the http copy are two
    # objects. X-Forwarded-Proto is Varnish's own (newsroom_forwarded); the built-in vcl_hash adds URL and host.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # An answer that sets a cookie belongs to one browser.
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Anything the app did not mark public (previews, the admin, errors it did not mean to share) is passed.
    if (beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Capped at a scheduled change: no grace (whatever default_grace says) and nothing kept to revalidate, so the
    # first request after the cap waits for the page with the story rather than getting the one without it.
    if (beresp.http.Cache-Control ~ "(^|[ ,])stale-while-revalidate=0([ ,]|$)") {
        set beresp.grace = 0s;
        set beresp.keep = 0s;
    }
}

sub vcl_deliver {
    # The keys are for caches, not browsers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
