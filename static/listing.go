package static

import (
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/weftgo/weft/internal/pyhtml"
	"github.com/weftgo/weft/internal/pyquote"
	"github.com/weftgo/weft/resource"
)

// DirectoryLister is the HTML page listing a directory: Twisted's
// static.DirectoryLister, byte for byte. Directories come first, then
// files, each group in the order of Dirs (sorted by name when Dirs is
// nil); rows alternate between the classes "odd" and "even"; names are
// HTML-escaped in the text and percent-encoded in the link; a file shows
// its size (B, K, M or G, rounded down), its type and its encoding from
// the same tables as File. An entry that cannot be examined (a link to
// nothing, or one that leads outside the File's root when the root does
// not follow such links) is left out, as Twisted leaves out entries whose
// size it cannot read. It answers every method, as Twisted's does.
//
// The page's heading is the request's URI, unquoted and escaped.
type DirectoryLister struct {
	resource.Base

	// Path is the directory listed (Twisted's path).
	Path string
	// Dirs, if not nil, are the names listed instead of the directory's
	// entries (Twisted's dirs).
	Dirs []string
	// ContentTypes, ContentEncodings and DefaultType are as File's.
	ContentTypes     map[string]string
	ContentEncodings map[string]string
	DefaultType      string

	// stat examines one entry by name; nil means os.Stat below Path.
	stat func(name string) (fs.FileInfo, error)
	// list lists the directory; nil means Path's entries, sorted.
	list func() ([]string, error)
}

var _ resource.Renderer = (*DirectoryLister)(nil)

// NewDirectoryLister returns the listing of the directory at path with
// File's default tables (Twisted's DirectoryLister(pathname)).
func NewDirectoryLister(path string) *DirectoryLister {
	return &DirectoryLister{Path: path, DefaultType: "text/html"}
}

// Render writes the listing (Twisted's DirectoryLister.render), with
// Content-Type "text/html; charset=utf-8".
func (d *DirectoryLister) Render(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", "text/html; charset=utf-8")
	names := d.Dirs
	if names == nil {
		var err error
		if d.list != nil {
			names, err = d.list()
		} else {
			t := &tree{dir: d.Path}
			names, err = t.readDirNames(".", true)
		}
		if err != nil {
			return nil, err
		}
	}
	var dirs, files []listingRow
	for _, name := range names {
		if !utf8.ValidString(name) {
			// Twisted cannot decode such a name and fails the page; skip it.
			continue
		}
		fi, err := d.statEntry(name)
		row := listingRow{text: escapeHTML(name), href: quotePath(name)}
		if err == nil && fi.IsDir() {
			row.text += "/"
			row.href += "/"
			row.typ = "[Directory]"
			dirs = append(dirs, row)
			continue
		}
		if err != nil {
			continue
		}
		typ, enc := typeAndEncoding(name, d.ContentTypes, d.ContentEncodings, d.DefaultType)
		row.typ = "[" + typ + "]"
		if enc != "" {
			row.enc = "[" + enc + "]"
		}
		row.size = formatFileSize(fi.Size())
		files = append(files, row)
	}

	var b strings.Builder
	header := "Directory listing for " + escapeHTML(unquoteText(req.URI))
	b.WriteString(listingHead1)
	b.WriteString(header)
	b.WriteString(listingHead2)
	b.WriteString(header)
	b.WriteString(listingHead3)
	for i, row := range slices.Concat(dirs, files) {
		class := "odd"
		if i%2 == 1 {
			class = "even"
		}
		b.WriteString(`<tr class="`)
		b.WriteString(class)
		b.WriteString("\">\n    <td><a href=\"")
		b.WriteString(row.href)
		b.WriteString(`">`)
		b.WriteString(row.text)
		b.WriteString("</a></td>\n    <td>")
		b.WriteString(row.size)
		b.WriteString("</td>\n    <td>")
		b.WriteString(row.typ)
		b.WriteString("</td>\n    <td>")
		b.WriteString(row.enc)
		b.WriteString("</td>\n</tr>\n")
	}
	b.WriteString(listingTail)
	return []byte(b.String()), nil
}

func (d *DirectoryLister) statEntry(name string) (fs.FileInfo, error) {
	if d.stat != nil {
		return d.stat(name)
	}
	t := &tree{dir: d.Path}
	return t.stat(name, true)
}

// listingRow is one line of the table.
type listingRow struct{ text, href, size, typ, enc string }

// formatFileSize writes a size as Twisted's formatFileSize: bytes below
// 1K, then whole K, M or G, rounded down.
func formatFileSize(size int64) string {
	switch {
	case size < 1<<10:
		return strconv.FormatInt(size, 10) + "B"
	case size < 1<<20:
		return strconv.FormatInt(size>>10, 10) + "K"
	case size < 1<<30:
		return strconv.FormatInt(size>>20, 10) + "M"
	default:
		return strconv.FormatInt(size>>30, 10) + "G"
	}
}

// quotePath percent-encodes name as Python's quote(name, "/"): ASCII
// letters, digits, "_.-~" and "/" stay, every other byte becomes %XX.
func quotePath(name string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("_.-~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// escapeHTML escapes as Python's html.escape: &, <, >, " and '.
var escapeHTML = pyhtml.Escape

// unquoteText decodes %XX escapes as Python's urllib.parse.unquote does
// for text: the bytes are read as UTF-8, each invalid byte becoming U+FFFD.
func unquoteText(s string) string {
	u := pyquote.Unquote(s)
	if utf8.ValidString(u) {
		return u
	}
	var b strings.Builder
	for len(u) > 0 {
		r, n := utf8.DecodeRuneInString(u)
		b.WriteRune(r) // RuneError for an invalid byte
		u = u[n:]
	}
	return b.String()
}

// Twisted's DirectoryLister template, around the heading (twice) and rows.
const (
	listingHead1 = "<html>\n<head>\n<title>"
	listingHead2 = `</title>
<style>
.even-dir { background-color: #efe0ef }
.even { background-color: #eee }
.odd-dir {background-color: #f0d0ef }
.odd { background-color: #dedede }
.icon { text-align: center }
.listing {
    margin-left: auto;
    margin-right: auto;
    width: 50%;
    padding: 0.1em;
    }

body { border: 0; padding: 0; margin: 0; background-color: #efefef; }
h1 {padding: 0.1em; background-color: #777; color: white; border-bottom: thin white dashed;}

</style>
</head>

<body>
<h1>`
	listingHead3 = `</h1>

<table>
    <thead>
        <tr>
            <th>Filename</th>
            <th>Size</th>
            <th>Content type</th>
            <th>Content encoding</th>
        </tr>
    </thead>
    <tbody>
`
	listingTail = `
    </tbody>
</table>

</body>
</html>
`
)
