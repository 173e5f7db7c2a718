package stdlib

import _ "embed" // calendar.pya

// The calendar module (calendar.pya).

//go:embed calendar.pya
var calendarSource string

func init() { progSourceModule("calendar", &calendarSource, nil) }
