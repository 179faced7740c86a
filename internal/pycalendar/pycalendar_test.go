package pycalendar

import (
	"os"
	"strconv"
	"testing"
)

// The golden files are Python 3.11's calendar.calendar(year), written by
// python3 -c "import calendar; open('2009.txt','w').write(calendar.calendar(2009))".
func TestYearMatchesPython(t *testing.T) {
	for _, year := range []int64{2009, 2024, 1, 0, -5, 1752, 9999, 10000, 123456} {
		want, err := os.ReadFile("testdata/" + strconv.FormatInt(year, 10) + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		if got := Year(year); got != string(want) {
			t.Errorf("Year(%d) =\n%s\nwant\n%s", year, got, want)
		}
	}
}

func TestCenter(t *testing.T) {
	tests := []struct {
		s     string
		width int
		want  string
	}{
		{"ab", 5, "  ab "}, // Python: 'ab'.center(5)
		{"abc", 6, " abc  "},
		{"a", 4, " a  "},
		{"a", 3, " a "},
		{"toolong", 3, "toolong"},
	}
	for _, tt := range tests {
		if got := center(tt.s, tt.width); got != tt.want {
			t.Errorf("center(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}
