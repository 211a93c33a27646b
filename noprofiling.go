//go:build !profile

package main

// startProfiles does nothing in a release build: profiling the provider is
// for builds with -tags profile (see profile.go).
func startProfiles() func() { return func() {} }
