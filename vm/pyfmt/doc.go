// Package pyfmt implements Python 3.11's number and string formatting
// independently of any VM value representation.
//
// It provides:
//
//   - FloatRepr, CPython's repr(float) / str(float), and FloatToString,
//     the equivalent of PyOS_double_to_string (codes 'e', 'f', 'g', 'r' and
//     their upper-case forms, with the sign, add-dot-0, alternate and
//     negative-zero-coercion flags);
//   - the format-spec mini-language of format() and str.format (PEP 3101):
//     ParseSpec / ParseSpecFor and the formatters FormatInt, FormatInt64,
//     FormatFloat and FormatStr;
//   - printf-style (%) formatting: FormatPercent drives CPython's exact
//     state machine over a PercentArgs implemented by the VM, and
//     PercentInt, PercentFloat, PercentStr, ParsePercent expose the pieces;
//   - FloatFromString (float(str)), FormatRound (round(x, n)) and
//     RoundHalfEven (round(x));
//   - StrRepr, repr() of a str, as used in error messages.
//
// Every error is a *FormatError carrying the Python exception class name
// and CPython's exact message, so that a VM can raise the right exception.
//
// Strings are Go strings holding UTF-8; widths and precisions count code
// points.  The 'n' presentation type always behaves as in the C locale.
package pyfmt
