// Package pycalendar formats a year's calendar as Python's
// calendar.calendar(year) does (TextCalendar().formatyear with its
// defaults): the page the "Dynamic URL Dispatch" and "Error Handling"
// pages of Twisted Web in 60 Seconds serve. Weeks start on Monday and the
// names are English, as Python's in the C locale.
package pycalendar

import (
	"strconv"
	"strings"
)

// The layout of formatyear's defaults: w=2 (day width), l=1 (lines per
// week), c=6 (spaces between months), m=3 (months per row).
const (
	dayWidth = 2
	spacing  = 6
	perRow   = 3
	colWidth = (dayWidth+1)*7 - 1
)

var monthNames = [...]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// weekHeader is formatweekheader(2): the weekday abbreviations cut to two
// letters.
const weekHeader = "Mo Tu We Th Fr Sa Su"

// Year returns the calendar of year, byte for byte Python's
// calendar.calendar(year), for any year an int64 holds (Python's proleptic
// Gregorian calendar repeats every 400 years, as this one does).
func Year(year int64) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(center(strconv.FormatInt(year, 10), colWidth*perRow+spacing*(perRow-1)), " "))
	b.WriteString("\n")
	for row := 0; row < 12/perRow; row++ {
		var names, headers []string
		var months [][][7]int
		for m := row * perRow; m < (row+1)*perRow; m++ {
			names = append(names, monthNames[m])
			headers = append(headers, weekHeader)
			months = append(months, weeks(year, m+1))
		}
		b.WriteString("\n")
		b.WriteString(columns(names))
		b.WriteString(columns(headers))
		height := 0
		for _, cal := range months {
			height = max(height, len(cal))
		}
		for j := range height {
			cells := make([]string, len(months))
			for i, cal := range months {
				if j < len(cal) {
					cells[i] = formatWeek(cal[j])
				}
			}
			b.WriteString(columns(cells))
		}
	}
	return b.String()
}

// columns is formatstring(cols, colwidth, spacing).rstrip() and a newline.
func columns(cols []string) string {
	centered := make([]string, len(cols))
	for i, c := range cols {
		centered[i] = center(c, colWidth)
	}
	return strings.TrimRight(strings.Join(centered, strings.Repeat(" ", spacing)), " ") + "\n"
}

// formatWeek is TextCalendar.formatweek with width 2: day numbers right
// aligned, blanks for days outside the month.
func formatWeek(week [7]int) string {
	days := make([]string, 7)
	for i, d := range week {
		if d == 0 {
			days[i] = "  "
		} else {
			days[i] = center(pad2(d), dayWidth)
		}
	}
	return strings.Join(days, " ")
}

// pad2 is Python's '%2i'.
func pad2(d int) string {
	if d < 10 {
		return " " + strconv.Itoa(d)
	}
	return strconv.Itoa(d)
}

// weeks returns the month's weeks, Monday first, 0 for the days of the
// neighbouring months (Calendar.monthdayscalendar).
func weeks(year int64, month int) [][7]int {
	first := weekday(year, month)
	n := daysIn(year, month)
	var out [][7]int
	var week [7]int
	col := first
	for d := 1; d <= n; d++ {
		week[col] = d
		col++
		if col == 7 {
			out = append(out, week)
			week, col = [7]int{}, 0
		}
	}
	if col > 0 {
		out = append(out, week)
	}
	return out
}

// weekday returns the weekday of the first of the month, 0 for Monday.
// The Gregorian calendar repeats every 400 years (146097 days, a whole
// number of weeks), so the year is taken modulo 400, as Python's weekday
// does for years outside 1..9999.
func weekday(year int64, month int) int {
	y := int(((year%400)+400)%400) + 2000
	// Sakamoto's method: 0 is Sunday.
	t := [...]int{0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}
	if month < 3 {
		y--
	}
	sunday0 := (y + y/4 - y/100 + y/400 + t[month-1] + 1) % 7
	return (sunday0 + 6) % 7
}

// daysIn returns the number of days of the month.
func daysIn(year int64, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// center is Python's str.center for ASCII s: the odd space goes left when
// both the padding and the width are odd, right otherwise.
func center(s string, width int) string {
	marg := width - len(s)
	if marg <= 0 {
		return s
	}
	left := marg/2 + (marg & width & 1)
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", marg-left)
}
