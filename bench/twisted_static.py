# twisted_static.py: Twisted 22.4's static.File serving a directory on a
# free loopback port, for static.sh. It prints the port, then serves until
# stopped.
#
#   /usr/bin/python3 twisted_static.py DIR
import sys

from twisted.internet import endpoints, reactor
from twisted.web import server, static


def main(directory):
    site = server.Site(static.File(directory))
    site.displayTracebacks = False
    endpoint = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1")

    def listening(port):
        print(port.getHost().port, flush=True)

    endpoint.listen(site).addCallback(listening)
    reactor.run()


if __name__ == "__main__":
    main(sys.argv[1])
