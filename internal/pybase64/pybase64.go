// Package pybase64 decodes base64 as Python's binascii.a2b_base64 does in
// its default, lenient mode, which Twisted uses for HTTP Basic
// credentials: bytes outside the alphabet are skipped, and a complete
// padding sequence ends the input.
package pybase64

// decodeMap maps a base64 alphabet byte to its value, and every other byte
// to 0xff.
var decodeMap = func() (m [256]byte) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range m {
		m[i] = 0xff
	}
	for i := 0; i < len(alphabet); i++ {
		m[alphabet[i]] = byte(i)
	}
	return m
}()

// Decode decodes s leniently, as Python's binascii.a2b_base64(s) (and
// base64.b64decode(s) without validate): characters outside the base64
// alphabet are ignored; "=" after two or three data characters of a group
// ends the input once the group is complete. It reports false where Python
// raises binascii.Error: one data character too many, or a last group
// without enough padding.
func Decode(s string) ([]byte, bool) {
	out := make([]byte, 0, len(s)*3/4)
	var left byte
	quad, pads := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					return out, true
				}
			}
			continue
		}
		v := decodeMap[c]
		if v == 0xff {
			continue
		}
		pads = 0
		switch quad {
		case 0:
			left = v
		case 1:
			out = append(out, left<<2|v>>4)
			left = v & 0x0f
		case 2:
			out = append(out, left<<4|v>>2)
			left = v & 0x03
		case 3:
			out = append(out, left<<6|v)
		}
		quad = (quad + 1) % 4
	}
	return out, quad == 0
}
