vcl 4.1;
# Varnish in front of foreigndesk (Debian's varnish 7). The site says how long each page may be
# kept (Cache-Control: s-maxage, stale-while-revalidate, stale-if-error) and purges the pages a
# change affects with PURGE requests from its own machine (FOREIGNDESK_VARNISH_URL): by address,
# and by surrogate key (the Surrogate-Key header each page carries, filed by the xkey module of
# Debian's varnish-modules), so that a box that changed leaves every page that carries it.
# Pages, feeds and the API's answers are stored compressed once and sent compressed to every
# client that accepts gzip (browsers do), uncompressed to the others.
#
#   varnishd -a :80 -f /etc/varnish/foreigndesk.vcl -s malloc,256m

import std;
import xkey;

backend foreigndesk {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the site's own processes.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Purging is for the site itself."));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged + " objects by key."));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk, the admin, previews, the API's writes and the read beacon are never cached.
    if (req.url ~ "^/(desk|admin|accounts|preview|hit|search/desk)/") {
        return (pass);
    }
    # A logged-in person sees fresh pages; anyone else's cookies mean nothing to a reader page.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    # Tracking parameters do not make another copy of a page.
    set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid)=[^&]*&?", "");
    set req.url = regsub(req.url, "[?&]$", "");
    return (hash);
}

sub vcl_backend_response {
    # Serve a stale page for a day if the site fails (stale-if-error is not read by Varnish 7.1).
    set beresp.keep = 1d;
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        unset beresp.http.Surrogate-Key;
    }
    if (beresp.http.Cache-Control ~ "private|no-store") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (!beresp.http.Content-Encoding && beresp.http.Content-Type ~
            "^(text/|application/(json|xml|rss\+xml|atom\+xml|javascript|manifest\+json)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
}

sub vcl_deliver {
    # The keys are the cache's own business.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
