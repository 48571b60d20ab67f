package generator

import (
	"io/fs"
	"os"
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

// lockDir takes an exclusive advisory lock on a folder, waiting for
// another process that holds it; unlock releases it. Nothing is written.
func lockDir(name string) (unlock func(), err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
