package resource

// RenderWith renders req with res's render method for req.Method, for a
// render method that hands its request to another resource: Twisted's
// other.render(request) inside a render. It answers as the site would for
// res: HEAD falls back to RenderGET, a missing method gives the 405 page
// (or 501 for an unknown method). The caller returns what RenderWith
// returns, NotDoneYet included.
func RenderWith(res Resource, req *Request) ([]byte, error) {
	body, ok, err := callRender(res, req.Method, req)
	if !ok {
		return req.renderMissing(res)
	}
	return body, err
}
