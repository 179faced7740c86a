package session_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/session"
)

// Issue 14 (2): fmt.Errorf("load %v", req.GetSession()) put the whole id in
// the log. Every fmt verb and every slog handler shows a short tag that
// tells sessions apart, never the id, also through a factory's type that
// embeds *Session.
func TestFormatNeverShowsID(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	s := ts.add(uid)
	other := ts.add("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210")
	short := ShortSession{s}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outs = append(outs, fmt.Sprintf(verb, s), fmt.Sprintf(verb, short))
	}
	outs = append(outs, fmt.Sprint(s), fmt.Sprintln(s), s.String(), s.GoString(),
		fmt.Errorf("load %v", s).Error(), errors.Join(fmt.Errorf("%w: %v", session.ErrExpired, s)).Error())
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("text", "session", s, "short", short)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("json", "session", s, "any", any(s))
	outs = append(outs, buf.String())
	for _, out := range outs {
		if strings.Contains(out, uid) || strings.Contains(out, uid[:16]) {
			t.Errorf("output carries the session id: %q", out)
		}
	}
	if s.String() == other.String() {
		t.Errorf("two sessions print alike: %q", s.String())
	}
	if !strings.Contains(buf.String(), "session.tag=") || !strings.Contains(buf.String(), `"tag":"`) {
		t.Errorf("slog output lacks the tag:\n%s", buf.String())
	}
	if got := fmt.Sprint(s); got != fmt.Sprint(s) || !strings.HasPrefix(got, "session ") {
		t.Errorf("Sprint = %q, want a stable \"session <tag>\"", got)
	}
}
