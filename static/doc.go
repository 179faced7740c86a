// Package static ports twisted.web.static: File serves a file or a whole
// directory tree, DirectoryLister lists a directory as Twisted's HTML page,
// and Data serves bytes held in memory.
//
//	root := static.NewFile("/srv/www")    // static.File("/srv/www")
//	root.IgnoreExt(".html")               // root.ignoreExt(".html")
//	site := server.NewSite(root)          // server.Site(root)
//
// Responses are Twisted's, byte for byte where HTTP shows them: the
// Content-Type table (LoadMimeTypes; no "; charset=" added), Content-Encoding
// for ".gz" and ".bz2", index files, the listing page, the redirect of a
// directory asked for without its trailing slash, Range and multiple
// ranges, Last-Modified with If-Modified-Since, HEAD, the 404 "File not
// found." and 403 pages.
//
// Files are sent from the file by the kernel (Request.ReadFrom, sendfile),
// never read into memory, so serving a large file costs no more memory
// than a small one.
//
// A request path cannot leave the directory: "..", "%2e%2e", encoded
// slashes that climb out, NUL and bytes that are not UTF-8 get the 404
// page without any file being opened, and the tree is opened as an
// os.Root, so a symbolic link that leads outside it is treated as
// missing unless File.FollowSymlinks is set. The few places where weft
// answers differently from Twisted (a NUL byte, a link out of the tree,
// some Range headers Twisted fails on with a 500) are listed in
// docs/differences.md.
//
// Twisted names and their weft counterparts: File → File (NewFile),
// indexNames → IndexNames, ignoreExt → IgnoreExt, ignoredExts →
// IgnoredExts, contentTypes → ContentTypes, contentEncodings →
// ContentEncodings, defaultType → DefaultType, processors → Processors
// (".rpy" scripts have no Go form: map an extension to a constructor, or
// put the resource in the tree), childNotFound → ChildNotFound, forbidden
// → Forbidden, directoryListing → DirectoryListing, listNames →
// ListNames, DirectoryLister → DirectoryLister, Data → Data (NewData),
// loadMimeTypes → LoadMimeTypes.
package static
