package stdlib

import _ "embed" // numbers.pya, fractions.pya, statistics.pya

// The numbers, fractions and statistics modules (pyasync source).

var (
	//go:embed numbers.pya
	numbersSource string
	//go:embed fractions.pya
	fractionsSource string
	//go:embed statistics.pya
	statisticsSource string
)

func init() {
	progSourceModule("numbers", &numbersSource, nil)
	progSourceModule("fractions", &fractionsSource, nil)
	progSourceModule("statistics", &statisticsSource, nil)
}
