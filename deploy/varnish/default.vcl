vcl 4.1;

# Varnish 7 in front of Newsroom (Debian: apt install varnish varnish-modules), with the xkey module so the app
# can purge every cached page that shows what changed. The app sends each public page's keys in an `xkey`
# header (and `Surrogate-Key` for CDNs); set VARNISH_PURGE_URLS=http://<this varnish>/ in the app's environment.
#
# Lifetimes come from the app's Cache-Control: shared caches keep pages for an hour (`s-maxage`), serve them
# stale for a while when the app is slow (`stale-while-revalidate`, Varnish's grace), and purges remove them
# at once. Browsers get the app's own short `max-age`.

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

sub vcl_recv {
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
