//go:build bindings

package main

// generatingBindings: this binary was built by the Wails CLI only to list the
// bound methods; it must leave the user's data alone.
const generatingBindings = true
