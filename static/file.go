package static

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/weftgo/weft/resource"
)

// Page is a resource that renders itself for every method and every path
// below it, as the error pages File answers with do; *resource.ErrorPage
// is one.
type Page interface {
	resource.Resource
	resource.Renderer
}

// File serves a file, or a directory and everything below it: Twisted's
// static.File. Mounted at /files for the directory /srv/www, it answers
// /files/a/b.html with /srv/www/a/b.html, /files/a/ with a/'s index file
// or else its listing (DirectoryLister), and /files/a with a redirect to
// /files/a/, all as Twisted does.
//
// A file is sent from the file, never read into memory: the response body
// is copied to the connection by the kernel where it can (sendfile). GET
// and HEAD are answered with Content-Type and Content-Encoding from the
// file name (see LoadMimeTypes), Content-Length, Last-Modified and
// Accept-Ranges; If-Modified-Since gets 304; a Range header gets 206 with
// one range, multipart/byteranges with several, 416 when no range
// overlaps the file, and is ignored when malformed. Any other method gets
// 405.
//
// A path segment that would leave the directory ("..", "%2e%2e", an
// encoded "/" that ends outside it, a NUL byte, bytes that are not UTF-8)
// is answered with ChildNotFound and nothing is opened. Symbolic links are
// followed only while they stay inside the directory File was made for,
// unless FollowSymlinks is set (Twisted follows every link; see
// docs/differences.md).
//
// Make a File with NewFile (the zero value has no directory to serve) and
// configure it before serving; it is then safe for concurrent use. The
// Files made for the entries below it copy its settings.
type File struct {
	resource.Base

	// Path is the absolute path of the file or directory (Twisted's path).
	Path string
	// DefaultType is the Content-Type of a file whose extension is in no
	// table, "text/html" by NewFile (Twisted's defaultType). Empty means
	// no Content-Type header of File's own.
	DefaultType string
	// IgnoredExts are extensions tried, in order, when a child does not
	// exist: with ".html" in it, /about serves about.html (Twisted's
	// ignoredExts). "*" takes the first entry, by name, that starts with
	// the child's name and a dot.
	IgnoredExts []string
	// IndexNames are the files tried, in order, for a directory's ""
	// child (Twisted's indexNames): "index", "index.html", "index.htm",
	// "index.rpy" by NewFile.
	IndexNames []string
	// ContentTypes maps extensions (".ext", lower case) to media types;
	// it is consulted before the built-in table (Twisted's contentTypes).
	ContentTypes map[string]string
	// ContentEncodings maps extensions to Content-Encoding values; nil
	// means Twisted's: ".gz" is gzip and ".bz2" bzip2 (contentEncodings).
	// "a.tar.gz" is then served as application/x-tar, gzip-encoded.
	ContentEncodings map[string]string
	// Processors maps an extension (case kept) to a function that makes
	// the resource serving a file with it, from the file's path
	// (Twisted's processors). Twisted's ".rpy" scripts, Python run at
	// request time, have no Go counterpart: register the resource in the
	// tree (PutChild) or map an extension to a constructor here.
	Processors map[string]func(path string) resource.Resource
	// ChildNotFound answers a missing or refused child, by NewFile the
	// 404 page "File not found." (Twisted's childNotFound).
	ChildNotFound Page
	// Forbidden answers a file the process may not read (EACCES), by
	// NewFile the 403 page (Twisted's forbidden).
	Forbidden Page
	// FollowSymlinks, when true, follows symbolic links wherever they
	// lead, as Twisted does. By default a link that leads outside the
	// directory given to NewFile is treated as missing.
	FollowSymlinks bool

	tree *tree
	rel  string      // Path below tree.dir, slash-separated; "." for the top
	info fs.FileInfo // the entry as the lookup that made this File saw it

	// perRequest is true for a File that GetChild made for one request.
	perRequest bool
	// body is the file being sent, limited to the size announced; in a
	// perRequest File it lives here, to spare an allocation.
	body io.LimitedReader
}

var _ interface {
	resource.Resource
	RenderGET(req *resource.Request) ([]byte, error)
	RenderHEAD(req *resource.Request) ([]byte, error)
} = (*File)(nil)

// NewFile returns a File for the file or directory at path, with
// Twisted's defaults (Twisted's File(path)). A relative path is made
// absolute now; the path need not exist yet.
func NewFile(path string) *File {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	return &File{
		Path:          abs,
		DefaultType:   "text/html",
		IndexNames:    []string{"index", "index.html", "index.htm", "index.rpy"},
		ChildNotFound: resource.NoResource("File not found."),
		Forbidden:     resource.ForbiddenResource(""),
		tree:          &tree{dir: abs},
		rel:           ".",
	}
}

// IgnoreExt adds ext to IgnoredExts (Twisted's ignoreExt). Call it before
// serving.
func (f *File) IgnoreExt(ext string) { f.IgnoredExts = append(f.IgnoredExts, ext) }

// GetChild returns the File for the entry name in this directory, as
// Twisted's File.getChild: "" gives the first of IndexNames that exists,
// or else the directory's listing; a missing name is tried with
// IgnoredExts; a name with a Processor for its extension gives what the
// processor makes. A refused name, a missing entry, or any name below
// something that is not a directory gives ChildNotFound.
func (f *File) GetChild(name string, req *resource.Request) resource.Resource {
	if !f.isDir() {
		return f.ChildNotFound
	}
	var info fs.FileInfo
	var rel string
	if name == "" {
		for _, index := range f.IndexNames {
			r := joinRel(f.rel, index)
			if fi, err := f.stat(r); err == nil {
				rel, info = r, fi
				break
			}
		}
		if rel == "" {
			return f.DirectoryListing()
		}
	} else {
		norm, ok := cleanSegment(name)
		if !ok {
			return f.ChildNotFound
		}
		rel = joinRel(f.rel, norm)
		if len(f.IgnoredExts) == 0 && f.Processors[extOf(rel)] == nil {
			// Nothing depends on whether rel exists before it renders or
			// is traversed, and both find out then: spare a stat.
			return f.similar(rel, nil)
		}
		fi, err := f.stat(rel)
		if err != nil {
			if rel, fi = f.siblingWithExtension(rel); fi == nil {
				return f.ChildNotFound
			}
		}
		info = fi
	}
	if p := f.Processors[extOf(rel)]; p != nil {
		return p(f.tree.join(rel))
	}
	return f.similar(rel, info)
}

// isDir reports whether f is a directory. The top of a tree that does not
// follow links is one exactly when it could be opened as an os.Root, which
// happens once; everything else is examined now, unless the lookup that
// made f has just done so.
func (f *File) isDir() bool {
	if f.info != nil {
		return f.info.IsDir()
	}
	if f.rel == "." && !f.FollowSymlinks {
		_, err := f.tree.open()
		return err == nil
	}
	fi, err := f.stat(f.rel)
	return err == nil && fi.IsDir()
}

// DirectoryListing returns the listing of this directory (Twisted's
// directoryListing), which sees the tree as File does.
func (f *File) DirectoryListing() *DirectoryLister {
	return &DirectoryLister{
		Path:             f.Path,
		ContentTypes:     f.ContentTypes,
		ContentEncodings: f.ContentEncodings,
		DefaultType:      f.DefaultType,
		stat:             func(name string) (fs.FileInfo, error) { return f.stat(joinRel(f.rel, name)) },
		list:             f.ListNames,
	}
}

// ListNames returns the names in this directory, sorted (Twisted's
// listNames). For a file it returns none.
func (f *File) ListNames() ([]string, error) {
	fi, err := f.stat(f.rel)
	if err != nil || !fi.IsDir() {
		return nil, nil
	}
	return f.tree.readDirNames(f.rel, f.FollowSymlinks)
}

// RenderGET sends the file, or the part of it the Range header asks for
// (Twisted's File.render_GET). A directory is redirected to its URL with
// a trailing slash.
func (f *File) RenderGET(req *resource.Request) ([]byte, error) {
	typ, enc := typeAndEncoding(path.Base(f.Path), f.ContentTypes, f.ContentEncodings, f.DefaultType)
	file, err := f.tree.openFile(f.rel, f.FollowSymlinks)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			if fi, err := f.stat(f.rel); err == nil && fi.IsDir() {
				return f.redirect(req)
			}
			return f.Forbidden.Render(req)
		}
		// Missing, or refused (a link out of the tree, ELOOP, ...).
		return f.ChildNotFound.Render(req)
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, fmt.Errorf("static: %w", err)
	}
	if fi.IsDir() {
		file.Close()
		return f.redirect(req)
	}
	req.ResponseHeaders()["Accept-Ranges"] = acceptBytes
	if req.SetLastModified(fi.ModTime()) {
		file.Close()
		return nil, nil
	}
	if req.Method == "HEAD" {
		file.Close()
		setContentHeaders(req, fi.Size(), typ, enc)
		return nil, nil
	}
	defer file.Close()
	var body *io.LimitedReader
	if f.perRequest {
		body = &f.body
	} else {
		body = new(io.LimitedReader) // f serves many requests at once
	}
	*body = io.LimitedReader{R: file, N: fi.Size()}
	sendFile(req, body, typ, enc)
	req.Finish()
	return nil, resource.NotDoneYet
}

// acceptBytes is the Accept-Ranges value, shared by every response and
// never modified.
var acceptBytes = []string{"bytes"}

// RenderHEAD sends RenderGET's headers without the body (Twisted's
// render_HEAD).
func (f *File) RenderHEAD(req *resource.Request) ([]byte, error) { return f.RenderGET(req) }

// stat examines the entry at rel with f's rules for links.
func (f *File) stat(rel string) (fs.FileInfo, error) { return f.tree.stat(rel, f.FollowSymlinks) }

// siblingWithExtension finds the entry for a missing rel with one of
// IgnoredExts, as Twisted's siblingExtensionSearch; it returns a nil
// FileInfo if there is none. For "*" the directory is read in name order
// (Twisted takes the file system's order).
func (f *File) siblingWithExtension(rel string) (string, fs.FileInfo) {
	for _, ext := range f.IgnoredExts {
		switch ext {
		case "":
			continue // rel itself: already known to be missing
		case "*":
			dir, base := path.Split(rel)
			names, err := f.tree.readDirNames(path.Clean(dir), f.FollowSymlinks)
			if err != nil {
				continue
			}
			for _, name := range names {
				if strings.HasPrefix(name, base+".") {
					r := path.Join(dir, name)
					if fi, err := f.stat(r); err == nil {
						return r, fi
					}
				}
			}
		default:
			if strings.Contains(ext, "/") {
				continue // an extension never names another directory
			}
			if fi, err := f.stat(rel + ext); err == nil {
				return rel + ext, fi
			}
		}
	}
	return "", nil
}

// similar returns the File for rel, with f's settings (Twisted's
// createSimilarFile, which copies fewer of them).
func (f *File) similar(rel string, info fs.FileInfo) *File {
	return &File{
		Path:             f.tree.join(rel),
		DefaultType:      f.DefaultType,
		IgnoredExts:      f.IgnoredExts,
		IndexNames:       f.IndexNames,
		ContentTypes:     f.ContentTypes,
		ContentEncodings: f.ContentEncodings,
		Processors:       f.Processors,
		ChildNotFound:    f.ChildNotFound,
		Forbidden:        f.Forbidden,
		FollowSymlinks:   f.FollowSymlinks,
		tree:             f.tree,
		rel:              rel,
		info:             info,
		perRequest:       true,
	}
}

// redirect answers a directory asked for without its trailing slash: 302
// to the URI with "/" added to its path, a non-empty query kept, with
// Twisted's redirectTo page (Twisted's File.redirect and _addSlash).
func (f *File) redirect(req *resource.Request) ([]byte, error) {
	p, q, hasQuery := strings.Cut(req.URI, "?")
	url := p + "/"
	if hasQuery && q != "" {
		url += "?" + q
	}
	return resource.RedirectTo(url, req), nil
}

// joinRel joins a name to a slash path below the tree's top, sparing the
// copy when the path is the top itself.
func joinRel(rel, name string) string {
	if rel == "." {
		return path.Clean(name)
	}
	return path.Join(rel, name)
}

// extOf returns the extension of the last element of a slash path.
func extOf(rel string) string {
	_, ext := splitExt(path.Base(rel))
	return ext
}

// setContentHeaders sets Content-Length, and Content-Type and
// Content-Encoding where known (Twisted's _setContentHeaders).
func setContentHeaders(req *resource.Request, n int64, typ, enc string) {
	req.SetHeader("Content-Length", strconv.FormatInt(n, 10))
	if typ != "" {
		req.SetHeader("Content-Type", typ)
	}
	if enc != "" {
		req.SetHeader("Content-Encoding", enc)
	}
}

// sendFile writes the body for a GET of body.R, an *os.File of body.N
// bytes: all of it, or what the Range header asks for (Twisted's
// makeProducer and its producers). Errors writing mean the client has
// gone; they end the copy.
func sendFile(req *resource.Request, body *io.LimitedReader, typ, enc string) {
	file, size := body.R.(*os.File), body.N
	// Twisted reads the last Range header; a malformed one is ignored.
	h := req.RequestHeaders().Values("Range")
	var ranges []byteRange
	err := errBadRange
	if len(h) > 0 {
		ranges, err = parseRange(h[len(h)-1])
	}
	switch {
	case err != nil:
		setContentHeaders(req, size, typ, enc)
		// Limited to the size announced, which also spares the read that
		// would find EOF.
		req.ReadFrom(body)
	case len(ranges) == 1:
		offset, n := ranges[0].offsetAndSize(size)
		if n == 0 {
			req.SetResponseCode(416)
			req.SetHeader("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
			setContentHeaders(req, 0, typ, enc)
			return
		}
		req.SetResponseCode(206)
		req.SetHeader("Content-Range", contentRange(offset, n, size))
		setContentHeaders(req, n, typ, enc)
		sendSection(req, file, offset, n)
	default:
		sendMultipart(req, file, size, typ, ranges)
	}
}

// sendMultipart answers several ranges with a multipart/byteranges body
// laid out as Twisted's: each part is preceded by CRLF, the boundary line
// and its Content-type and Content-range headers, and the body ends with
// CRLF and the closing boundary. Ranges that do not overlap the file are
// left out; if none overlaps, the answer is 416 (Twisted fails with 500
// there).
func sendMultipart(req *resource.Request, file *os.File, size int64, typ string, ranges []byteRange) {
	if typ == "" {
		typ = "bytes" // as Twisted, after Apache
	}
	boundary := newBoundary()
	type part struct {
		head      string
		offset, n int64
	}
	parts := make([]part, 0, len(ranges))
	var length int64
	for _, r := range ranges {
		offset, n := r.offsetAndSize(size)
		if n == 0 {
			continue
		}
		head := "\r\n--" + boundary + "\r\nContent-type: " + typ + "\r\nContent-range: " +
			contentRange(offset, n, size) + "\r\n\r\n"
		parts = append(parts, part{head, offset, n})
		length += int64(len(head)) + n
	}
	if len(parts) == 0 {
		req.SetResponseCode(416)
		req.SetHeader("Content-Length", "0")
		req.SetHeader("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
		return
	}
	tail := "\r\n--" + boundary + "--\r\n"
	req.SetResponseCode(206)
	req.SetHeader("Content-Type", `multipart/byteranges; boundary="`+boundary+`"`)
	req.SetHeader("Content-Length", strconv.FormatInt(length+int64(len(tail)), 10))
	for _, p := range parts {
		if _, err := io.WriteString(req, p.head); err != nil {
			return
		}
		if !sendSection(req, file, p.offset, p.n) {
			return
		}
	}
	io.WriteString(req, tail)
}

// sendSection copies n bytes of file from offset, and reports whether
// they all went out.
func sendSection(req *resource.Request, file *os.File, offset, n int64) bool {
	if _, err := file.Seek(offset, io.SeekStart); err != nil {
		return false
	}
	written, err := req.ReadFrom(io.LimitReader(file, n))
	return err == nil && (written == n || req.Method == "HEAD")
}

// contentRange formats a Content-Range value for n bytes from offset of a
// file of the given size.
func contentRange(offset, n, size int64) string {
	return "bytes " + strconv.FormatInt(offset, 10) + "-" + strconv.FormatInt(offset+n-1, 10) +
		"/" + strconv.FormatInt(size, 10)
}

// newBoundary returns a multipart boundary: 16 random hex digits, where
// Twisted uses the time and process id; random ones cannot be guessed
// into a file's content.
func newBoundary() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
