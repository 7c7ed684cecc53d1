package policy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Files is a policy bundle as raw files: slash-separated path relative to the bundle
// root → content. Only what OPA reads is kept: .manifest, *.rego and data.json/data.yaml.
type Files map[string][]byte

// MaxBundleBytes bounds a bundle's unpacked size; MaxBundleFiles how many policy and data files
// it may hold (the shipped bundle has a few dozen; 20,000 modules took a gigabyte to compile).
const (
	MaxBundleBytes = 32 << 20
	MaxBundleFiles = 500
)

var errTooManyFiles = fmt.Errorf("bundle holds more than %d files", MaxBundleFiles)

func bundleFile(name string) bool {
	base := path.Base(name)
	return base == ".manifest" || strings.HasSuffix(base, ".rego") ||
		base == "data.json" || base == "data.yaml" || base == ".signatures.json"
}

// ReadDir reads a bundle from a directory such as rego/.
func ReadDir(dir string) (Files, error) {
	files := Files{}
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !bundleFile(p) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if total += int64(len(b)); total > MaxBundleBytes {
			return fmt.Errorf("bundle larger than %d bytes", MaxBundleBytes)
		}
		if len(files) >= MaxBundleFiles {
			return errTooManyFiles
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read bundle directory %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("read bundle directory %s: no policy files", dir)
	}
	return files, nil
}

// ReadTarGz reads a bundle packed as OPA packs it (opa build): a gzipped tar.
func ReadTarGz(r io.Reader) (Files, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("bundle is not gzip: %w", err)
	}
	tr := tar.NewReader(gz)
	files := Files{}
	var total int64
	entries := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bundle is not a tar archive: %w", err)
		}
		if entries++; entries > 4*MaxBundleFiles {
			return nil, errTooManyFiles
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := strings.TrimPrefix(path.Clean("/"+h.Name), "/")
		if !bundleFile(name) {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, MaxBundleBytes-total+1))
		if err != nil {
			return nil, fmt.Errorf("read %s from bundle: %w", name, err)
		}
		if total += int64(len(b)); total > MaxBundleBytes {
			return nil, fmt.Errorf("bundle larger than %d bytes", MaxBundleBytes)
		}
		files[name] = b
		if len(files) > MaxBundleFiles {
			return nil, errTooManyFiles
		}
	}
	if len(files) == 0 {
		return nil, errors.New("bundle holds no policy files")
	}
	return files, nil
}

func (f Files) names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Digest is sha256 over the files in path order, each as
// len(path) path len(content) content (lengths as 8-byte big-endian), as "sha256:<hex>".
// The same files give the same digest whether they came from a directory or a tarball.
func (f Files) Digest() string {
	h := sha256.New()
	var n [8]byte
	for _, name := range f.names() {
		binary.BigEndian.PutUint64(n[:], uint64(len(name)))
		h.Write(n[:])
		h.Write([]byte(name))
		binary.BigEndian.PutUint64(n[:], uint64(len(f[name])))
		h.Write(n[:])
		h.Write(f[name])
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// TarGz packs the files as an OPA bundle tarball, deterministically.
func (f Files) TarGz() ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, name := range f.names() {
		h := &tar.Header{Name: "/" + name, Mode: 0o644, Size: int64(len(f[name])), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(h); err != nil {
			return nil, fmt.Errorf("pack %s: %w", name, err)
		}
		if _, err := tw.Write(f[name]); err != nil {
			return nil, fmt.Errorf("pack %s: %w", name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("pack bundle: %w", err)
	}
	if err := gz.Close(); err != nil {
		return nil, fmt.Errorf("pack bundle: %w", err)
	}
	return buf.Bytes(), nil
}
