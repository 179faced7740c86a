"""The breadth conformance tree, served by real Twisted Web: the oracle that
examples/breadth (written with weft, path for path from this file) is
compared with.

usage: /usr/bin/python3 breadth.py PORT FIXTURES_DIR

The runner (conformance/difftest -tree breadth) serves a copy of
conformance/breadth/fixtures whose files all have the modification time
2026-01-02 03:04:05 UTC, and puts a file outside.txt beside the copy (the
target of the fixture link links/escape.txt).

The tree holds every path of the shared sample's app, with the same
answers, and more. Each path below says what it exercises; the table of
contents:

  /static/...          static.File over the fixtures, Twisted's defaults
  /files/...           static.File tuned: contentTypes, defaultType,
                       ignoreExt, indexNames, processors, childNotFound
  /data, /data-html    static.Data
  /redir               util.Redirect to an absolute URL
  /redirect/...        util.redirectTo, util.ParentRedirect, request.redirect
  /pages/...           twisted.web.pages: errorPage, notFound, forbidden
  /forbidden, /gone,   the legacy error resources: ForbiddenResource,
  /legacy/...          ErrorPage, NoResource
  /buy, /status/...    status codes set by a page, with and without a message
  /vhost, /vhost-strict  NameVirtualHost with and without a default
  /monster/...         VHostMonsterResource
  /gzip, /gzip-stream, /gzip-empty
                       EncodingResourceWrapper + GzipEncoderFactory
  /private, /digest, /both-auth
                       HTTPAuthSessionWrapper: Basic, Digest, both
  /hello, /echo        plain pages the proxies point at
  /proxy, /proxy-echo, /proxy-down
                       ReverseProxyResource
  /wsgi, /mount/wsgi, /wsgi-more
                       WSGIResource leaves
  /lastmod, /etag      request.setLastModified, request.setETag
  /urls, /app/urls     URLPath, prePathURL, rememberRootURL/getRootURL
"""
import calendar
import sys

from zope.interface import implementer
from twisted.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from twisted.cred.portal import IRealm, Portal
from twisted.internet import endpoints, reactor
from twisted.web import http, pages, proxy, static, util, vhost, wsgi
from twisted.web.guard import (
    BasicCredentialFactory,
    DigestCredentialFactory,
    HTTPAuthSessionWrapper,
)
from twisted.web.resource import (
    EncodingResourceWrapper,
    ErrorPage,
    ForbiddenResource,
    IResource,
    NoResource,
    Resource,
)
from twisted.web.server import NOT_DONE_YET, GzipEncoderFactory, Site

# The fixed time used wherever a page states a modification time: the
# fixtures' time, 2026-01-02 03:04:05 UTC.
FIXED_TIME = calendar.timegm((2026, 1, 2, 3, 4, 5))


# ---------------------------------------------------------------------------
# Plain pages

class Hello(Resource):
    """/hello (and whatever follows): "hello from URI". The target of /proxy."""

    isLeaf = True

    def render_GET(self, request):
        return b"hello from " + request.uri


class Echo(Resource):
    """/echo...: what the request looked like on arrival, one field a line:
    method, uri, the Host header, the Content-Type header and the body.
    The target of /proxy-echo, so it shows what the proxy forwards."""

    isLeaf = True

    def render(self, request):
        lines = [
            b"method=" + request.method,
            b"uri=" + request.uri,
            b"host=" + (request.getHeader(b"host") or b"-"),
            b"content-type=" + (request.getHeader(b"content-type") or b"-"),
            b"body=" + request.content.read(),
        ]
        request.setHeader(b"content-type", b"text/plain")
        return b"\n".join(lines) + b"\n"


# ---------------------------------------------------------------------------
# Static files

class TunedFile(static.File):
    """The static.File of /files. Twisted keeps contentTypes (and
    contentEncodings) on the class and createSimilarFile makes children of
    the same class, so a subclass is how an override reaches every child:
      .weird -> application/x-weird (a type Twisted's table lacks)
      .txt   -> text/plain; charset=utf-8 (overrides the table's text/plain)
    """

    contentTypes = dict(
        static.File.contentTypes,
        **{".weird": "application/x-weird", ".txt": "text/plain; charset=utf-8"},
    )


class Shout(Resource):
    """What the .shout processor of /files makes of a file: its contents in
    capitals, as text/plain."""

    isLeaf = True

    def __init__(self, path):
        super().__init__()
        self.path = path

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        with open(self.path, "rb") as f:
            return f.read().upper()


def tuned_files(fixtures):
    """/files: static.File with every knob turned.
      defaultType   application/x-unknown for an extension nobody knows
      ignoreExt     .txt: /files/notes serves notes.txt
      indexNames    start.txt only: /files/startdir/ serves start.txt,
                    /files/withindex/ (index.html is no index here) lists
      processors    .shout: the file is rendered by Shout
      childNotFound pages.notFound with our words, for every missing child
    """
    files = TunedFile(fixtures, defaultType="application/x-unknown")
    files.ignoreExt(".txt")
    files.indexNames = ["start.txt"]
    files.processors = {".shout": lambda path, registry: Shout(path)}
    files.childNotFound = pages.notFound("No Such File", "Nothing is stored under that name.")
    return files


# ---------------------------------------------------------------------------
# Redirects

class RedirectTo(Resource):
    """/redirect/to: util.redirectTo to a URL with a query whose characters
    need escaping in HTML (& < > ")."""

    def render_GET(self, request):
        return util.redirectTo(b'/hello?a=1&b=<2>&c="3"', request)


class RequestRedirect(Resource):
    """/redirect/request: request.redirect alone (302, Location, empty body)."""

    def render_GET(self, request):
        request.redirect(b"/hello")
        return b""


def redirects():
    """/redirect/to, /redirect/request, and /redirect/parent/...: a
    ParentRedirect leaf, redirecting to the nearest directory as an
    absolute URL, the query dropped."""
    r = Resource()
    r.putChild(b"to", RedirectTo())
    r.putChild(b"request", RequestRedirect())
    r.putChild(b"parent", util.ParentRedirect())
    return r


# ---------------------------------------------------------------------------
# Error pages

def new_pages():
    """/pages/...: twisted.web.pages. Each page answers for any child too."""
    p = Resource()
    p.putChild(b"error", pages.errorPage(503, "Closed <for> now", "Back soon & \"better\"."))
    p.putChild(b"notfound", pages.notFound())
    p.putChild(b"notfound-detail", pages.notFound("Lost", "No <thing> & here."))
    p.putChild(b"forbidden", pages.forbidden())
    p.putChild(b"forbidden-detail", pages.forbidden("Private", "Keep <out> & away."))
    return p


def legacy_pages():
    """/legacy/...: the older resources of twisted.web.resource."""
    p = Resource()
    p.putChild(b"noresource", NoResource())
    p.putChild(b"noresource-msg", NoResource("Nothing <here> & there."))
    p.putChild(b"forbidden-msg", ForbiddenResource("Keep <out>."))
    p.putChild(b"error", ErrorPage(409, "Conflict <edit>", "Someone & something else."))
    return p


# ---------------------------------------------------------------------------
# Status codes

class Buy(Resource):
    """/buy: 402 with a body of its own."""

    isLeaf = True

    def render_GET(self, request):
        request.setResponseCode(402)
        return b"<html><body>I am not a free resource</body></html>"


class Status(Resource):
    """/status/CODE and /status/CODE/MESSAGE: setResponseCode(CODE) or
    setResponseCode(CODE, MESSAGE); the body says what was set. Twisted
    sends its own phrase for a code it knows, "Unknown Status" otherwise."""

    isLeaf = True

    def render_GET(self, request):
        code = int(request.postpath[0])
        message = request.postpath[1] if len(request.postpath) > 1 else None
        request.setResponseCode(code, message)
        return b"status %d" % code


# ---------------------------------------------------------------------------
# Virtual hosts

def hosts_with_default():
    """/vhost: a.example and b.example, and a default for any other host."""
    hosts = vhost.NameVirtualHost()
    hosts.addHost(b"a.example", static.Data(b"site a", "text/plain"))
    hosts.addHost(b"b.example", static.Data(b"site b", "text/plain"))
    hosts.default = static.Data(b"default site", "text/plain")
    return hosts


def hosts_without_default():
    """/vhost-strict: no default, so an unknown host is a 404 naming it.
    a.example is a tree (/vhost-strict/page, /vhost-strict/page/x), b.example
    a leaf that keeps the rest of the path (Hello shows the uri)."""
    hosts = vhost.NameVirtualHost()
    tree = Resource()
    tree.putChild(b"page", static.Data(b"page of a", "text/plain"))
    hosts.addHost(b"a.example", tree)
    hosts.addHost(b"b.example", Hello())
    return hosts


# ---------------------------------------------------------------------------
# Compression

class Stream(Resource):
    """What /gzip-stream wraps: three parts written 10 ms apart
    (NOT_DONE_YET), each line repeated so that it compresses."""

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        self.part(request, 1)
        return NOT_DONE_YET

    def part(self, request, n):
        request.write(b"part %d of a streamed page\n" % n * 20)
        if n == 3:
            request.finish()
        else:
            reactor.callLater(0.01, self.part, request, n + 1)


def gzipped(resource):
    return EncodingResourceWrapper(resource, [GzipEncoderFactory()])


# ---------------------------------------------------------------------------
# HTTP authentication

class Secret(Resource):
    """The avatar's page behind /private, for any path below it:
    "secret for USER", the user name as request.getUser reads it (from a
    Basic Authorization header)."""

    isLeaf = True

    def __init__(self, avatarId):
        super().__init__()

    def render_GET(self, request):
        return b"secret for " + request.getUser()


class AvatarSecret(Resource):
    """The avatar's page behind /digest and /both-auth: the avatar id the
    realm was given (whatever the scheme) and the path inside the guard."""

    isLeaf = True

    def __init__(self, avatarId):
        super().__init__()
        self.avatarId = avatarId

    def render_GET(self, request):
        return b"secret for %s at /%s" % (self.avatarId, b"/".join(request.postpath))


@implementer(IRealm)
class Realm:
    """Makes the avatar's page for the avatar id; logging out does nothing."""

    def __init__(self, page):
        self.page = page

    def requestAvatar(self, avatarId, mind, *interfaces):
        if IResource in interfaces:
            return IResource, self.page(avatarId), lambda: None
        raise NotImplementedError()


def digest():
    """A Digest factory (MD5, realm example.com). Its nonce and opaque are
    random; the runner replaces them by <NONCE> and <OPAQUE> before
    comparing, and its "digest" steps answer the challenge each server
    sent."""
    return DigestCredentialFactory(b"md5", b"example.com")


def guarded(page, *factories):
    """An HTTPAuthSessionWrapper over alice/wonderland."""
    checker = InMemoryUsernamePasswordDatabaseDontUse(alice=b"wonderland")
    return HTTPAuthSessionWrapper(Portal(Realm(page), [checker]), list(factories))


# ---------------------------------------------------------------------------
# WSGI leaves

def wsgi_app(environ, start_response):
    """/wsgi: where the leaf is mounted and what it was asked."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    body = "script=%s path=%s query=%s method=%s" % (
        environ["SCRIPT_NAME"],
        environ["PATH_INFO"],
        environ.get("QUERY_STRING", ""),
        environ["REQUEST_METHOD"],
    )
    return [body.encode()]


def wsgi_more(environ, start_response):
    """/wsgi-more: also the request body, its type, a custom header, and a
    status and header of the application's own."""
    body = environ["wsgi.input"].read()
    start_response("201 Made Here", [("Content-Type", "text/plain"), ("X-Made", "wsgi")])
    lines = [
        "script=" + environ["SCRIPT_NAME"],
        "path=" + environ["PATH_INFO"],
        "query=" + environ.get("QUERY_STRING", ""),
        "method=" + environ["REQUEST_METHOD"],
        "content_type=" + environ.get("CONTENT_TYPE", ""),
        "x_custom=" + environ.get("HTTP_X_CUSTOM", "-"),
        "body=" + body.decode("latin-1"),
    ]
    return ["\n".join(lines).encode("latin-1") + b"\n"]


def wsgi_leaf(app):
    return wsgi.WSGIResource(reactor, reactor.getThreadPool(), app)


# ---------------------------------------------------------------------------
# Conditional requests on dynamic pages

class LastModified(Resource):
    """/lastmod: setLastModified(FIXED_TIME); an If-Modified-Since not older
    gets 304 and no body."""

    def render_GET(self, request):
        if request.setLastModified(FIXED_TIME) is http.CACHED:
            return b""
        return b"modified at a fixed time"


class ETag(Resource):
    """/etag: setETag('"v1"'); a matching If-None-Match (or *) gets 304 on
    GET and HEAD, 412 on POST."""

    def render_GET(self, request):
        if request.setETag(b'"v1"') is http.CACHED:
            return b""
        return b"tagged v1"

    render_POST = render_GET


# ---------------------------------------------------------------------------
# URLs of the request

class URLs(Resource):
    """/urls/...: the request's idea of its own URLs, one a line (the
    port and host as the request sees them; the runner replaces the
    server's own address by <ADDR>)."""

    isLeaf = True

    def render_GET(self, request):
        here = request.URLPath()
        lines = [
            b"prePathURL=" + request.prePathURL(),
            b"URLPath=" + bytes(str(here), "ascii"),
            b"child=" + bytes(str(here.child(b"c")), "ascii"),
            b"sibling=" + bytes(str(here.sibling(b"s")), "ascii"),
            b"parent=" + bytes(str(here.parent()), "ascii"),
            b"here=" + bytes(str(here.here()), "ascii"),
            b"click=" + bytes(str(here.click(b"../x?y=1")), "ascii"),
            b"pathList=" + b",".join(here.pathList()),
            b"hostname=" + request.getRequestHostname(),
            b"secure=%d" % request.isSecure(),
            b"prepath=" + b"/".join(request.prepath),
            b"postpath=" + b"/".join(request.postpath),
        ]
        request.setHeader(b"content-type", b"text/plain")
        return b"\n".join(lines) + b"\n"


class RootURLs(URLs):
    """/app/urls/...: URLs after /app remembered the root URL."""

    def render_GET(self, request):
        return b"root=" + request.getRootURL() + b"\n" + URLs.render_GET(self, request)


class App(Resource):
    """/app: an application root. Its getChild calls rememberRootURL, so
    the root URL of every page below it is http://HOST/app."""

    def getChild(self, name, request):
        request.rememberRootURL()
        if name == b"urls":
            return RootURLs()
        return NoResource()


# ---------------------------------------------------------------------------
# The tree

def tree(port, fixtures):
    root = Resource()
    # The paths of the shared sample, with its answers.
    root.putChild(b"static", static.File(fixtures))
    root.putChild(b"data", static.Data(b"some data", "text/plain"))
    root.putChild(b"redir", util.Redirect(b"http://example.com/target?x=1"))
    root.putChild(b"vhost", hosts_with_default())
    root.putChild(b"gzip", gzipped(static.Data(b"squeeze me " * 50, "text/plain")))
    root.putChild(b"forbidden", ForbiddenResource())
    root.putChild(b"gone", ErrorPage(410, "Gone", "It is gone & <b>not</b> coming back."))
    root.putChild(b"buy", Buy())
    root.putChild(b"private", guarded(Secret, BasicCredentialFactory(b"example.com")))
    root.putChild(b"hello", Hello())
    root.putChild(b"proxy", proxy.ReverseProxyResource("127.0.0.1", port, b"/hello"))
    root.putChild(b"wsgi", wsgi_leaf(wsgi_app))

    # Static files and data.
    root.putChild(b"files", tuned_files(fixtures))
    root.putChild(b"data-html", static.Data(b"<p>caf\xc3\xa9</p>", "text/html; charset=utf-8"))

    # Redirects and error pages.
    root.putChild(b"redirect", redirects())
    root.putChild(b"pages", new_pages())
    root.putChild(b"legacy", legacy_pages())
    root.putChild(b"status", Status())

    # Virtual hosts: /monster/http/HOST[:PORT]/rest is /rest as if asked
    # of http://HOST:PORT/ (https likewise, as a secure request).
    root.putChild(b"vhost-strict", hosts_without_default())
    root.putChild(b"monster", vhost.VHostMonsterResource())

    # Compression: /gzip-stream streams, /gzip-empty has no body at all.
    root.putChild(b"gzip-stream", gzipped(Stream()))
    root.putChild(b"gzip-empty", gzipped(static.Data(b"", "text/plain")))

    # Authentication: Digest; both schemes offered (Basic first).
    root.putChild(b"digest", guarded(AvatarSecret, digest()))
    root.putChild(
        b"both-auth",
        guarded(AvatarSecret, BasicCredentialFactory(b"example.com"), digest()),
    )

    # Reverse proxies: to the echo page (children and query are appended),
    # and to a port where nothing listens (1), for the gateway error.
    root.putChild(b"echo", Echo())
    root.putChild(b"proxy-echo", proxy.ReverseProxyResource("127.0.0.1", port, b"/echo"))
    root.putChild(b"proxy-down", proxy.ReverseProxyResource("127.0.0.1", 1, b"/"))

    # WSGI: mounted one level down, and one that reads the body.
    mount = Resource()
    mount.putChild(b"wsgi", wsgi_leaf(wsgi_app))
    root.putChild(b"mount", mount)
    root.putChild(b"wsgi-more", wsgi_leaf(wsgi_more))

    # Conditional requests and URLs.
    root.putChild(b"lastmod", LastModified())
    root.putChild(b"etag", ETag())
    root.putChild(b"urls", URLs())
    root.putChild(b"app", App())
    return root


def main():
    port, fixtures = int(sys.argv[1]), sys.argv[2]
    site = Site(tree(port, fixtures))
    endpoints.TCP4ServerEndpoint(reactor, port, interface="127.0.0.1").listen(site)
    reactor.run()


if __name__ == "__main__":
    main()
