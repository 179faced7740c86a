package pyhtml

import "testing"

// The wanted values are Python 3.11's html.escape of the same input.
func TestEscapeMatchesPython(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`<script>alert("x" & 'y')</script>`, "&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;"},
		{"&amp;", "&amp;amp;"},
		{"héllo", "héllo"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
