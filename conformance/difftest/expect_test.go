package main

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestExpected(t *testing.T) {
	twisted := []Result{
		{Status: 501, Reason: "Not Implemented", Headers: map[string]Values{"content-type": {"text/html"}}, Body: "Not Implemented"},
		{Status: 299, Reason: "Unknown Status", Headers: map[string]Values{}},
		{Status: 200, Headers: map[string]Values{"set-cookie": {"TWISTED_SESSION;<SID1>;path=/"}}, Body: "x"},
	}
	var diffs map[string]json.RawMessage
	err := json.Unmarshal([]byte(`{
		"0": {"status": 405, "headers": {"Allow": "GET, HEAD"}, "body": "Method Not Allowed"},
		"1": {"status": 500, "reason": "Internal Error"},
		"2": {"headers": {"set-cookie": null}, "body": ["<has x>", "<lacks y>"]}
	}`), &diffs)
	if err != nil {
		t.Fatal(err)
	}
	want := []Result{
		{Status: 405, Reason: "Method Not Allowed", Headers: map[string]Values{"content-type": {"text/html"}, "allow": {"GET, HEAD"}}, Body: "Method Not Allowed"},
		{Status: 500, Reason: "Internal Error", Headers: map[string]Values{}},
		{Status: 200, Headers: map[string]Values{}, Body: "<has x>\n<lacks y>"},
	}
	got, err := expected(twisted, diffs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("expected =\n %v\nwant\n %v", got, want)
	}
	if _, ok := twisted[2].Headers["set-cookie"]; !ok || twisted[0].Status != 501 {
		t.Errorf("expected modified Twisted's results: %v", twisted)
	}
}

func TestExpectedErrors(t *testing.T) {
	one := []Result{{Status: 200, Headers: map[string]Values{}}}
	for _, diff := range []string{`{"1": {}}`, `{"x": {}}`, `{"-1": {}}`, `{"0": {"status": "ok"}}`, `{"0": {"headers": {"a": 1}}}`} {
		var diffs map[string]json.RawMessage
		if err := json.Unmarshal([]byte(diff), &diffs); err != nil {
			t.Fatal(err)
		}
		if _, err := expected(one, diffs); err == nil {
			t.Errorf("expected accepted %s", diff)
		}
	}
}

func TestDescribe(t *testing.T) {
	a := []Result{{Status: 200, Headers: map[string]Values{}, Body: "a"}}
	if got := describe(a, a); got != "" {
		t.Errorf("describe of equal results = %q", got)
	}
	b := []Result{{Status: 200, Headers: map[string]Values{}, Body: "b"}}
	if describe(a, b) == "" || describe(a, nil) == "" || describe(nil, b) == "" {
		t.Error("describe missed a difference")
	}
}
