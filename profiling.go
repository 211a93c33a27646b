//go:build profile

package main

import (
	"log"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts the opt-in profiles of the provider process, for as
// long as Terraform keeps it running: HSS_PROVIDER_CPUPROFILE and
// HSS_PROVIDER_MEMPROFILE (the heap at exit) name the files. Only builds
// with -tags profile have them (make bench builds so); the release binary
// reads no such variable. The returned function writes them out.
func startProfiles() func() {
	var stops []func()
	if path := os.Getenv("HSS_PROVIDER_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		stops = append(stops, func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		})
	}
	if path := os.Getenv("HSS_PROVIDER_MEMPROFILE"); path != "" {
		stops = append(stops, func() {
			if f, err := os.Create(path); err == nil {
				runtime.GC()
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				_ = f.Close()
			}
		})
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}
