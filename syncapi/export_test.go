package syncapi

// SharedPulls is how many pulls were answered from a group tail that
// another pull had brought up to date.
func SharedPulls() int64 { return sharedPulls.Load() }
