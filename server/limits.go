package server

import "github.com/weftgo/weft/resource"

// Request limits: the Site's MaxFormFields, MaxFormParts and MaxURIBytes
// as its requests see them. Each non-positive value means the default.

// defaultLimits returns what NewSite sets.
func defaultLimits() (fields, parts, uriBytes int) {
	return resource.DefaultMaxFormFields, resource.DefaultMaxFormParts, resource.DefaultMaxURIBytes
}

func (h *host) MaxFormFields() int {
	return orDefault(h.s.MaxFormFields, resource.DefaultMaxFormFields)
}
func (h *host) MaxFormParts() int { return orDefault(h.s.MaxFormParts, resource.DefaultMaxFormParts) }
func (h *host) MaxURIBytes() int  { return orDefault(h.s.MaxURIBytes, resource.DefaultMaxURIBytes) }

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
