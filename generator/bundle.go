package generator

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path"
	"sync"
	"time"
)

// BundleName is the offline bundle's file name in the output root; its
// entries sit in a folder of the same name without ".zip".
const BundleName = "statuscodes-offline.zip"

// Bundle describes the offline zip for the index's download link.
type Bundle struct {
	Name string
	Size int64
}

// SizeText is the bundle's size for people: "1.4 MB", "870 KB".
func (b *Bundle) SizeText() string {
	if b.Size >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(b.Size)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (b.Size+1023)>>10)
}

// bundleTime stamps every entry, so that the same site gives the same zip.
var bundleTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// bundleWriter writes the offline zip while the site is written: workers
// compress what they have just rendered (compress is safe to call from
// many goroutines), and one goroutine appends the entries in a fixed order
// (add), so the zip is the same for the same site and never waits for a
// second read of the files.
type bundleWriter struct {
	f      *os.File
	zw     *zip.Writer
	folder string
	pool   sync.Pool // *flate.Writer, reused: each one allocates about 1 MB
}

// bundleEntry is one compressed file, ready to append.
type bundleEntry struct {
	header *zip.FileHeader
	data   []byte
}

func newBundleWriter(out *Output) (*bundleWriter, error) {
	f, err := out.Create(BundleName)
	if err != nil {
		return nil, fmt.Errorf("offline bundle: %w", err)
	}
	b := &bundleWriter{f: f, zw: zip.NewWriter(f), folder: BundleName[:len(BundleName)-len(".zip")]}
	b.pool.New = func() any {
		w, _ := flate.NewWriter(nil, flate.BestSpeed) // a valid level: cannot fail
		return w
	}
	return b, nil
}

// compress deflates one file of the site (name relative to the root).
func (b *bundleWriter) compress(name string, raw []byte) (bundleEntry, error) {
	var buf bytes.Buffer
	buf.Grow(len(raw) / 3)
	w := b.pool.Get().(*flate.Writer)
	defer b.pool.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(raw); err != nil {
		return bundleEntry{}, err
	}
	if err := w.Close(); err != nil {
		return bundleEntry{}, err
	}
	return b.entry(name, crc32.ChecksumIEEE(raw), uint64(len(raw)), buf.Bytes()), nil
}

// entry makes the zip entry of a site file from its deflated bytes.
func (b *bundleWriter) entry(name string, crc uint32, size uint64, deflated []byte) bundleEntry {
	h := &zip.FileHeader{Name: path.Join(b.folder, name), Method: zip.Deflate, Modified: bundleTime,
		CRC32: crc, CompressedSize64: uint64(len(deflated)), UncompressedSize64: size}
	h.SetMode(0o644)
	h.SetModTime(bundleTime) //lint:ignore SA1019 CreateRaw needs the MS-DOS time fields set
	return bundleEntry{header: h, data: deflated}
}

// reuse takes a site file's entry from the zip of the last build, still
// deflated: deflating the same bytes again would give the same entry.
// ok is false when the old zip lacks it.
func (b *bundleWriter) reuse(old map[string]*zip.File, name string) (e bundleEntry, ok bool, err error) {
	f := old[path.Join(b.folder, name)]
	if f == nil || f.Method != zip.Deflate {
		return bundleEntry{}, false, nil
	}
	r, err := f.OpenRaw()
	if err != nil {
		return bundleEntry{}, false, fmt.Errorf("offline bundle: %w", err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return bundleEntry{}, false, fmt.Errorf("offline bundle: %w", err)
	}
	return b.entry(name, f.CRC32, f.UncompressedSize64, data), true, nil
}

// add appends compressed entries; only one goroutine may call it.
func (b *bundleWriter) add(entries ...bundleEntry) error {
	for _, e := range entries {
		w, err := b.zw.CreateRaw(e.header)
		if err == nil {
			_, err = w.Write(e.data)
		}
		if err != nil {
			return fmt.Errorf("offline bundle: %w", err)
		}
	}
	return nil
}

// file compresses and appends one file in the calling goroutine.
func (b *bundleWriter) file(name string, raw []byte) error {
	e, err := b.compress(name, raw)
	if err != nil {
		return fmt.Errorf("offline bundle: %s: %w", name, err)
	}
	return b.add(e)
}

// close finishes the zip and returns its description.
func (b *bundleWriter) close() (*Bundle, error) {
	err := b.zw.Close()
	var size int64
	if err == nil {
		var st os.FileInfo
		if st, err = b.f.Stat(); err == nil {
			size = st.Size()
		}
	}
	if cerr := b.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("offline bundle: %w", err)
	}
	return &Bundle{Name: BundleName, Size: size}, nil
}

// abort closes the file of a build that failed; Output.Abort removes it.
func (b *bundleWriter) abort() { b.f.Close() }
