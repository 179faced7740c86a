# gen_listing.py writes the listing goldens with Twisted 22.4 from the fixture
# tree that makeTree (fixture_test.go) builds too. Run from static/:
#   /usr/bin/python3 testdata/gen_listing.py testdata "$(mktemp -d)"
import os, shutil, sys
from twisted.web import static
from twisted.web.test.requesthelper import DummyRequest
base = sys.argv[2]  # a scratch directory
shutil.rmtree(base + "/top", ignore_errors=True)
top = base + "/top"; root = top + "/root"
os.makedirs(root + "/sub"); os.makedirs(root + "/d&ir"); os.makedirs(root + "/empty"); os.makedirs(top + "/outside")
def w(name, data): open(os.path.join(root, name), "wb").write(data)
w("a.txt", b"hello world\n")
w("sub/index.html", b"<b>idx</b>")
w("we ird&<.html", b"<&>\n")
w("q'\"uote.txt", b"q")
w("\u00fcn\u00ef.txt", b"u")
w("kilo.bin", b"k" * 1500)
w("x.tar.gz", b"gz")
w("y.bz2", b"bz")
w("foo.bar", b"q\n")
w("s.css", b"css\n"); w("s.js", b"js\n"); w("noext", b"n"); w(".hidden", b"h"); w("UP.TXT", b"u")
with open(os.path.join(root, "mega.bin"), "wb") as f: f.truncate(3 * 1024 * 1024 + 5)
with open(os.path.join(root, "giga.bin"), "wb") as f: f.truncate(5 * 1024 * 1024 * 1024 + 7)
open(top + "/outside/secret.txt", "wb").write(b"secret\n")
os.symlink("../outside/secret.txt", root + "/link-out.txt")
os.symlink("a.txt", root + "/link-in.txt")
os.symlink("nowhere", root + "/broken")
os.symlink("../outside", root + "/linkdir")
for uri, d in ((b"/", root), (b"/d%26ir/?x=%3Cy%3E", root + "/d&ir")):
    req = DummyRequest([b""]); req.uri = uri
    body = static.DirectoryLister(d).render(req)
    name = "listing-root.golden" if uri == b"/" else "listing-dir.golden"
    open(os.path.join(sys.argv[1], name), "wb").write(body)
