package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

// The page: /buy looks boring, but its status is 402.
func TestPaymentRequired(t *testing.T) {
	site := newSite()
	defer site.Close()
	got := browser.New(site).Get(t, "/buy")
	if got.Status != http.StatusPaymentRequired ||
		got.Body != "<html><body>Please swipe your credit card.</body></html>" {
		t.Errorf("GET /buy = %d %q, want 402 and the card page", got.Status, got.Body)
	}
}

// The status line says "402 Payment Required", as Twisted's does.
func TestPaymentRequiredStatusLine(t *testing.T) {
	site := newSite()
	defer site.Close()
	srv := httptest.NewServer(site)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/buy")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Status != "402 Payment Required" {
		t.Errorf("status line %q, want 402 Payment Required", resp.Status)
	}
}
