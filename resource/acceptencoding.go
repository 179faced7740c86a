package resource

import "strings"

// acceptsCoding reports whether the Accept-Encoding field lines in values
// accept the content coding named coding (or, for "gzip", its alias
// "x-gzip"), by RFC 9110 §12.5.3: names compare case-insensitively, a
// weight of q=0 refuses, and "*" stands for every coding not named. When
// a coding is named more than once, a refusal wins. An element whose
// weight is malformed is ignored. Twisted only searches the joined lines
// for "gzip" between separators (see docs/differences.md).
func acceptsCoding(values []string, coding string) bool {
	named, namedOK := false, true
	star, starOK := false, true
	for _, line := range values {
		for line != "" {
			var elem string
			if i := strings.IndexByte(line, ','); i >= 0 {
				elem, line = line[:i], line[i+1:]
			} else {
				elem, line = line, ""
			}
			name, params, _ := strings.Cut(elem, ";")
			name = trimOWS(name)
			accept, ok := weightAccepts(params)
			if !ok || name == "" {
				continue
			}
			switch {
			case strings.EqualFold(name, coding) || coding == "gzip" && strings.EqualFold(name, "x-gzip"):
				named = true
				namedOK = namedOK && accept
			case name == "*":
				star = true
				starOK = starOK && accept
			}
		}
	}
	if named {
		return namedOK
	}
	return star && starOK
}

// weightAccepts reads the parameters after a coding's ";" and reports
// whether its weight is above zero (no weight means q=1), and false for ok
// when the weight is malformed. Parameters other than q are ignored.
func weightAccepts(params string) (accept, ok bool) {
	accept = true
	for params != "" {
		var p string
		if i := strings.IndexByte(params, ';'); i >= 0 {
			p, params = params[:i], params[i+1:]
		} else {
			p, params = params, ""
		}
		k, v, _ := strings.Cut(trimOWS(p), "=")
		if !strings.EqualFold(trimOWS(k), "q") {
			continue
		}
		accept, ok = qvalueAboveZero(trimOWS(v))
		if !ok {
			return false, false
		}
	}
	return accept, true
}

// qvalueAboveZero parses an RFC 9110 qvalue ("0", "0.5", "1", "1.000") and
// reports whether it is above zero.
func qvalueAboveZero(q string) (above, ok bool) {
	if q == "" || q[0] != '0' && q[0] != '1' {
		return false, false
	}
	frac := q[1:]
	if frac != "" {
		if frac[0] != '.' || len(frac) > 4 {
			return false, false
		}
		frac = frac[1:]
	}
	nonzero := false
	for i := 0; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' || q[0] == '1' && c != '0' {
			return false, false
		}
		nonzero = nonzero || c != '0'
	}
	return q[0] == '1' || nonzero, true
}

// trimOWS drops the optional white space (spaces and tabs) around s.
func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
