"""The core conformance tree, served by real Twisted Web: the oracle that
examples/conformance (written with weft) is compared with, path by path.

usage: /usr/bin/python3 core.py PORT [TIMEOUT]

PORT is the loopback port to listen on; TIMEOUT the session timeout in
seconds (default 900). A session noticed by /logme prints
"Session <uid> has expired." on standard output when it ends, as the Go
side does. The classes have the names of the Go types that port them.

Each path, and what it exercises:
  /            the empty-name child of the root: prepath and postpath shown
  /hello       a plain child (no "" child, so /hello/ is a 404)
  /a/b         a child of a container that cannot render itself (/a)
  /leaf/...    isLeaf: the rest of the path stays in postpath
  /dyn/NAME    getChild making a child per name
  /boom        a render that raises: the 500 page
  /args        request.args printed as Python prints them, for GET and POST
  /created     PUT only: a status code and a header set by the page
  /later       NOT_DONE_YET: half now, the rest 50 ms later
  /postonly    POST only: the raw body echoed
  /session     the session id; /session/expire expires the session
  /rotate      expire the session and ask for a new one in one request
  /logme       registers an expiry callback that prints a line
  /count       a per-session counter kept on the session through an adapter
"""
import sys

from twisted.internet import endpoints, reactor
from twisted.python.components import registerAdapter
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Session, Site
from zope.interface import Attribute, Interface, implementer


def joined(segments):
    return b"/".join(segments)


class Hello(Resource):
    """/, /hello and /a/b: "hello PREPATH|POSTPATH"."""

    def render_GET(self, request):
        return b"hello %s|%s" % (joined(request.prepath), joined(request.postpath))


class Leaf(Resource):
    """/leaf/...: a leaf, so traversal stops here and keeps the rest."""

    isLeaf = True

    def render_GET(self, request):
        return b"leaf pre=%s post=%s" % (joined(request.prepath), joined(request.postpath))


class Dyn(Resource):
    """/dyn/NAME: no static children; getChild makes one for any name."""

    def getChild(self, name, request):
        return Echo(name)


class Echo(Resource):
    """What /dyn/NAME renders: "dyn NAME"."""

    isLeaf = True

    def __init__(self, name):
        super().__init__()
        self.name = name

    def render_GET(self, request):
        return b"dyn " + self.name


class Boom(Resource):
    """/boom: the render fails, so Twisted answers its 500 page."""

    def render_GET(self, request):
        raise RuntimeError("this page always fails")


class Args(Resource):
    """/args: the parsed arguments, repr(sorted(request.args.items())).

    POST shows them after "POST ", so a form body replacing the query's
    keys, multipart fields and bodies that are not forms all compare."""

    def render_GET(self, request):
        return repr(sorted(request.args.items())).encode()

    def render_POST(self, request):
        return b"POST " + self.render_GET(request)


class Created(Resource):
    """/created: PUT answers 201 with an X-Made header; nothing else renders."""

    def render_PUT(self, request):
        request.setResponseCode(201)
        request.setHeader(b"X-Made", b"yes")
        return b"made"


class Later(Resource):
    """/later: writes "part1 ", returns NOT_DONE_YET, finishes 50 ms later."""

    def render_GET(self, request):
        request.write(b"part1 ")
        reactor.callLater(0.05, self.finish, request)
        return NOT_DONE_YET

    def finish(self, request):
        request.write(b"part2")
        request.finish()


class PostOnly(Resource):
    """/postonly: POST only, the body as it came."""

    def render_POST(self, request):
        return b"posted " + request.content.read()


class ShowSession(Resource):
    """/session: the session's id (made on first use, sent as a cookie)."""

    def render_GET(self, request):
        return b"Your session id is: " + request.getSession().uid


class ExpireSession(Resource):
    """/session/expire: ends the session now."""

    def render_GET(self, request):
        request.getSession().expire()
        return b"Your session has been expired."


class Rotate(Resource):
    """/rotate: expire the session, then getSession again in the same request."""

    def render_GET(self, request):
        before = request.getSession()
        before.expire()
        after = request.getSession()
        return b"old=%s new=%s" % (before.uid, after.uid)


class ExpirationLogger(Resource):
    """/logme: empty page; the first visit of a session registers a callback
    that prints "Session <uid> has expired." when the session ends."""

    watched = set()

    def render_GET(self, request):
        session = request.getSession()
        uid = session.uid
        if uid not in self.watched:
            self.watched.add(uid)
            session.notifyOnExpire(lambda: self.expired(uid))
        return b""

    def expired(self, uid):
        self.watched.discard(uid)
        print("Session %s has expired." % uid.decode(), flush=True)


class ICounter(Interface):
    value = Attribute("How many times this session's browser saw /count.")


@implementer(ICounter)
class Counter:
    def __init__(self, session):
        self.value = 0


registerAdapter(Counter, Session, ICounter)


class CounterResource(Resource):
    """/count: "Visit #N for you!", N kept on the session as an ICounter."""

    def render_GET(self, request):
        counter = ICounter(request.getSession())
        counter.value += 1
        return b"Visit #%d for you!" % counter.value


def tree():
    root = Resource()
    for name, child in [
        (b"", Hello()),
        (b"hello", Hello()),
        (b"leaf", Leaf()),
        (b"dyn", Dyn()),
        (b"boom", Boom()),
        (b"args", Args()),
        (b"created", Created()),
        (b"later", Later()),
        (b"postonly", PostOnly()),
        (b"rotate", Rotate()),
        (b"logme", ExpirationLogger()),
        (b"count", CounterResource()),
    ]:
        root.putChild(name, child)
    container = Resource()  # renders nothing itself
    container.putChild(b"b", Hello())
    root.putChild(b"a", container)
    session = ShowSession()
    session.putChild(b"expire", ExpireSession())
    root.putChild(b"session", session)
    return root


def main():
    port = int(sys.argv[1])
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 900

    class ShortSession(Session):
        sessionTimeout = timeout

    site = Site(tree())
    site.sessionFactory = ShortSession
    endpoints.TCP4ServerEndpoint(reactor, port, interface="127.0.0.1").listen(site)
    reactor.run()


if __name__ == "__main__":
    main()
