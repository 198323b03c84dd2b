"""taskdoc's tests: a package, so that they import their helpers the same way from any folder."""
