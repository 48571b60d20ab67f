//go:build !linux

package generator

import "io/fs"

// stampOf gives no stamp where the change time is not read: every source
// file is hashed on every build.
func stampOf(fs.FileInfo) (sourceStamp, bool) { return sourceStamp{}, false }

// lockDir does not lock where flock is not used: two builds of the same
// output at once are then not kept apart.
func lockDir(string) (func(), error) { return func() {}, nil }
