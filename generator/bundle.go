package generator

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
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

// writeBundle zips the output folder as it stands, which is the whole site
// except this zip, into the zip itself. Files are compressed in parallel
// and stored in a fixed order with a fixed time.
func writeBundle(out *Output) (*Bundle, error) {
	root := out.Dir()
	var names []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err == nil && rel != BundleName {
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("offline bundle: %w", err)
	}
	sort.Strings(names)

	type entry struct {
		header *zip.FileHeader
		data   []byte
		err    error
	}
	entries := make([]entry, len(names))
	folder := BundleName[:len(BundleName)-len(".zip")]
	parallel(len(names), func(i int) {
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(names[i])))
		if err != nil {
			entries[i].err = err
			return
		}
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestSpeed) // a valid level: cannot fail
		if _, err := w.Write(raw); err != nil {
			entries[i].err = err
			return
		}
		if err := w.Close(); err != nil {
			entries[i].err = err
			return
		}
		h := &zip.FileHeader{Name: path.Join(folder, names[i]), Method: zip.Deflate, Modified: bundleTime,

			CRC32: crc32.ChecksumIEEE(raw), CompressedSize64: uint64(buf.Len()), UncompressedSize64: uint64(len(raw))}
		h.SetMode(0o644)
		h.SetModTime(bundleTime) //lint:ignore SA1019 CreateRaw needs the MS-DOS time fields set

		entries[i] = entry{header: h, data: buf.Bytes()}
	})

	f, err := os.Create(filepath.Join(root, BundleName))
	if err != nil {
		return nil, fmt.Errorf("offline bundle: %w", err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		if e.err != nil {
			f.Close()
			return nil, fmt.Errorf("offline bundle: %w", e.err)
		}
		w, err := zw.CreateRaw(e.header)
		if err == nil {
			_, err = w.Write(e.data)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("offline bundle: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return nil, fmt.Errorf("offline bundle: %w", err)
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("offline bundle: %w", err)
	}
	return &Bundle{Name: BundleName, Size: size}, nil
}
