package stdlib

// Load does nothing: importing the package registers the modules (from the
// init functions of each module's file). Calling it makes the dependency on
// the standard library explicit at the import site.
func Load() {}
