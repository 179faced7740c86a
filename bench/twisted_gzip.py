"""Twisted's side of bench/gzip.sh: the gzip pages of bench/servers/gzip.go,
each a static.Data behind EncodingResourceWrapper([GzipEncoderFactory()]).
usage: twisted_gzip.py PORT"""
import sys
from twisted.internet import reactor, endpoints
from twisted.web import static
from twisted.web.resource import Resource, EncodingResourceWrapper
from twisted.web.server import Site, GzipEncoderFactory

small = b"squeeze me " * 50
large = (b"The quick brown fox jumps over the lazy dog. 0123456789\n" * 1192)[:64 << 10]
root = Resource()
root.putChild(b"gzip", EncodingResourceWrapper(static.Data(small, "text/plain"), [GzipEncoderFactory()]))
root.putChild(b"gzip64k", EncodingResourceWrapper(static.Data(large, "text/plain"), [GzipEncoderFactory()]))
endpoints.TCP4ServerEndpoint(reactor, int(sys.argv[1]), interface="127.0.0.1").listen(Site(root))
reactor.run()
