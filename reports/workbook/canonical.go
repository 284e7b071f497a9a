package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"sort"
)

// excelize writes the streamed sheets and the image types of
// [Content_Types].xml in Go map order, which changes from run to run.
// canonicalize puts both in a fixed order ([Content_Types].xml first, then
// the parts by name), so the same records always give the same bytes; the
// parts are copied as they are, without recompressing.
func canonicalize(xlsx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(xlsx))
	zw := zip.NewWriter(&out)
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == contentTypes) != (b == contentTypes) {
			return a == contentTypes
		}
		return a < b
	})
	for _, f := range files {
		if f.Name == contentTypes {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			raw, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(sortDefaults(raw)); err != nil {
				return nil, err
			}
			continue
		}
		r, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		h := f.FileHeader
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, r); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

const contentTypes = "[Content_Types].xml"

var defaultElem = regexp.MustCompile(`<Default [^>]*>(</Default>)?`)

// sortDefaults puts the <Default> elements (a contiguous run) in order.
func sortDefaults(xml []byte) []byte {
	locs := defaultElem.FindAllIndex(xml, -1)
	if len(locs) < 2 {
		return xml
	}
	start, end := locs[0][0], locs[len(locs)-1][1]
	elems := make([]string, len(locs))
	for i, l := range locs {
		elems[i] = string(xml[l[0]:l[1]])
	}
	sort.Strings(elems)
	var b bytes.Buffer
	b.Write(xml[:start])
	for _, e := range elems {
		b.WriteString(e)
	}
	b.Write(xml[end:])
	return b.Bytes()
}
