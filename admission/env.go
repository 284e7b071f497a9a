package admission

import (
	"fmt"
	"strconv"
	"time"
)

// Environment variables that override Defaults (docs/operations.md), so an
// operator can fit the bound to a bigger machine without a new build.
const (
	EnvMaxWrites  = "MALLCARE_SYNC_MAX_WRITES"
	EnvMaxReads   = "MALLCARE_SYNC_MAX_READS"
	EnvMaxQueue   = "MALLCARE_SYNC_MAX_QUEUE"
	EnvMaxWait    = "MALLCARE_SYNC_MAX_WAIT"
	EnvRetryAfter = "MALLCARE_SYNC_RETRY_AFTER"
)

// FromEnv is Defaults with the variables above applied (lookup is
// os.LookupEnv); a bad value is an error naming the variable.
func FromEnv(lookup func(string) (string, bool)) (Options, error) {
	o := Defaults()
	ints := map[string]*int{EnvMaxWrites: &o.MaxWrites, EnvMaxReads: &o.MaxReads, EnvMaxQueue: &o.MaxQueue}
	for name, dst := range ints {
		if v, ok := lookup(name); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				return o, fmt.Errorf("%s=%q: want a whole number", name, v)
			}
			*dst = n
		}
	}
	durations := map[string]*time.Duration{EnvMaxWait: &o.MaxWait, EnvRetryAfter: &o.RetryAfter}
	for name, dst := range durations {
		if v, ok := lookup(name); ok {
			d, err := time.ParseDuration(v)
			if err != nil {
				return o, fmt.Errorf("%s=%q: want a duration such as 1s or 500ms", name, v)
			}
			*dst = d
		}
	}
	return o, o.Validate()
}
