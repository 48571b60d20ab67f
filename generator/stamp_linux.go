//go:build linux

package generator

import (
	"io/fs"
	"syscall"
)

// stampOf reads a source file's stamp; ok is false where the system does
// not give its change time and inode, and the file is then always read.
func stampOf(info fs.FileInfo) (s sourceStamp, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return sourceStamp{}, false
	}
	return sourceStamp{Size: info.Size(), Mod: info.ModTime().UnixNano(),
		Change: st.Ctim.Sec*1e9 + st.Ctim.Nsec, Inode: st.Ino}, true
}
