package syncapi

// SharedPages is how many pull pages were served from the group cache.
func SharedPages() int64 { return sharedPages.Load() }
