package static

import (
	"errors"
	"strings"

	"github.com/weftgo/weft/internal/pyint"
)

// byteRange is one range of a Range header as written: start or end may
// be missing (noValue), never both. end is inclusive.
type byteRange struct{ start, end int64 }

// noValue marks a missing start or end in a byteRange.
const noValue = -1 << 63

// errBadRange is returned for a Range header Twisted would ignore.
var errBadRange = errors.New("static: malformed Range header")

// parseRange reads a Range header as Twisted's File._parseRangeHeader: the
// unit before "=" must be "bytes" (white space around it allowed); the
// ranges are split at ",", blank ones skipped (but at least one must be
// left); each is "start-end",
// "start-" or "-suffix", numbers read as Python's int() reads them, and
// a start after its end is an error. An error means the header is
// ignored and the whole file is sent.
func parseRange(h string) ([]byteRange, error) {
	kind, value, ok := strings.Cut(h, "=")
	if !ok || pyint.Strip(kind) != "bytes" {
		return nil, errBadRange
	}
	var ranges []byteRange
	for spec := range strings.SplitSeq(value, ",") {
		spec = pyint.Strip(spec)
		if spec == "" {
			continue
		}
		s, e, ok := strings.Cut(spec, "-")
		if !ok {
			return nil, errBadRange
		}
		r := byteRange{noValue, noValue}
		if s != "" {
			if r.start, ok = pyint.Parse(s); !ok {
				return nil, errBadRange
			}
		}
		if e != "" {
			if r.end, ok = pyint.Parse(e); !ok {
				return nil, errBadRange
			}
		}
		switch {
		case r.start != noValue && r.end != noValue && r.start > r.end:
			return nil, errBadRange
		case r.start == noValue && r.end == noValue:
			return nil, errBadRange
		}
		ranges = append(ranges, r)
	}
	if len(ranges) == 0 {
		// "bytes=" or "bytes=,": RFC 9110's range-set needs at least one
		// range, so the header is malformed and ignored (Twisted fails with
		// a 500 here).
		return nil, errBadRange
	}
	return ranges, nil
}

// offsetAndSize turns a range into the part of a file of the given size
// it names, as Twisted's _rangeToOffsetAndSize; a range that does not
// overlap the file gives (0, 0). A suffix longer than the file starts at
// 0, where Twisted computes a negative offset and fails with a 500.
func (r byteRange) offsetAndSize(size int64) (offset, n int64) {
	start, end := r.start, r.end
	switch {
	case start == noValue:
		start, end = size-end, size
		if start < 0 {
			start = 0
		}
	case end == noValue:
		end = size
	case end < size:
		end++
	case end > size:
		end = size
	}
	if start >= size {
		return 0, 0
	}
	return start, end - start
}
