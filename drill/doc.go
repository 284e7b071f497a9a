// Package drill holds the operator's drills as tests that run the real
// server binary: a restore from the replica and from a PocketBase backup,
// a crash drill that SIGKILLs the server under simulated phones, a shift
// start of a whole mall behind one address, and an upgrade whose migration
// fails. `make test` runs their short forms; MALLCARE_DRILL=long runs the
// crash drill for longer (`make drill`).
package drill
