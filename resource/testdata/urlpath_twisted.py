"""Writes urlpath_twisted.json: what Twisted 22.4's URLPath answers for
bases, segments and links, for resource_test.TestURLPathAgainstTwisted.
Run with the Python that has Twisted: python3 urlpath_twisted.py"""
import json, itertools, random
from twisted.python.urlpath import URLPath
random.seed(7)
bases = ["http://example.com/foo/bar?yes=no&no=yes#footer", "http://h/", "http://h", "https://h:8443/a/b/", "http://h/a%20b/c%2Fd?x=%41", "http://h/a/./b/../c", "http://h/%zz/q?", "http://h/a;p/b"]
segs = ["", "x", "a b", "a/b", "%41", "..", ".", "?#", "é", "~!$&'()*+,;=:@", "\"<>\\^`{|}[]", "%", "a%2", "\x7f\x01"]
refs = ["", "x", "/x", "../x", "./", ".", "..", "../..", "?q", "#f", "?q#f", "x?q#f", "//h2/p", "//h2", "/a/../../b", "a/./b/", "x y", "http://o/p?q", "https://o", "%41/..", ";p", "/", "//", "./..", "a/b/c/../../d"]
cases = []
for b in bases:
    u = URLPath.fromString(b)
    cases.append(dict(base=b, op="str", arg="", want=str(u)))
    cases.append(dict(base=b, op="pathlist", arg="", want=json.dumps(separators=(",",":"),obj=[x.decode('latin1') for x in u.pathList()])))
    cases.append(dict(base=b, op="pathlistu", arg="", want=json.dumps(separators=(",",":"),obj=[x.decode('latin1') for x in u.pathList(unquote=True)])))
    for kq in (False, True):
        cases.append(dict(base=b, op="here%d"%kq, arg="", want=str(u.here(keepQuery=kq))))
        cases.append(dict(base=b, op="parent%d"%kq, arg="", want=str(u.parent(keepQuery=kq))))
        for s in segs:
            for op, f in (("child", u.child), ("sibling", u.sibling)):
                try: w = str(f(s.encode('utf-8') if s != "é" else b"x", keepQuery=kq))
                except Exception as e: continue
                cases.append(dict(base=b, op=op+"%d"%kq, arg=s if s != "é" else "x", want=w))
    for r in refs:
        try: w = str(u.click(r.encode()))
        except Exception as e: continue
        cases.append(dict(base=b, op="click", arg=r, want=w))
json.dump(cases, open("urlpath_twisted.json", "w"), separators=(",", ":"))
