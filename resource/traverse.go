package resource

import "slices"

// GetChildForRequest walks the tree from res for req, as Twisted's
// getChildForRequest: while Postpath is not empty and the current resource
// is not a leaf, it moves the first segment of Postpath to the end of
// Prepath and looks that segment up, first among the static children, then
// through the resource's GetChild. It returns the resource that renders.
//
// A GetChild that returns nil is treated as "no such child": the 404 page.
func GetChildForRequest(res Resource, req *Request) Resource {
	// One allocation at most for Prepath, however long the path.
	req.Prepath = slices.Grow(req.Prepath, len(req.Postpath))
	for len(req.Postpath) > 0 && !res.IsLeaf() {
		seg := req.Postpath[0]
		req.Postpath = req.Postpath[1:]
		req.Prepath = append(req.Prepath, seg)
		res = childFor(res, seg, req)
	}
	return res
}

// childFor is Twisted's getChildWithDefault: a static child first, then the
// outermost value's GetChild.
func childFor(res Resource, seg string, req *Request) Resource {
	var child Resource
	if l, ok := res.(ChildLookup); ok {
		child = l.GetChildWithDefault(seg, req)
	} else {
		if s, ok := res.(staticChildren); ok {
			child = s.StaticChild(seg)
		}
		if child == nil {
			child = res.GetChild(seg, req)
		}
	}
	if child == nil {
		return NoResource("")
	}
	return child
}
