package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"mime/multipart"
	"sync/atomic"
)

// photoMaker hands out photos of about the size the app sends (it reduces
// pictures on the phone before it stores them): a few real JPEGs made at
// start, each use made unique by bytes after the end-of-image marker, which
// image readers ignore, so no two uploads share a content hash.
type photoMaker struct {
	bases [][]byte
	n     atomic.Uint64
}

// newPhotoMaker makes JPEGs of noise of about kb kilobytes each.
func newPhotoMaker(kb int) *photoMaker {
	r := rand.New(rand.NewPCG(1, 2))
	// noise at quality 80: measure one size, then scale the sides to fit
	w := 320
	if got := len(noiseJPEG(r, w)); got > 0 {
		w = max(8, int(float64(w)*math.Sqrt(float64(kb<<10)/float64(got))))
	}
	pm := &photoMaker{}
	for range 4 {
		pm.bases = append(pm.bases, noiseJPEG(r, w))
	}
	return pm
}

// noiseJPEG is a w × 3/4 w picture of noise.
func noiseJPEG(r *rand.Rand, w int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, w*3/4))
	for i := range img.Pix {
		img.Pix[i] = byte(r.UintN(256))
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	return buf.Bytes()
}

func (pm *photoMaker) next() []byte {
	n := pm.n.Add(1)
	base := pm.bases[n%uint64(len(pm.bases))]
	out := make([]byte, len(base), len(base)+8)
	copy(out, base)
	return binary.BigEndian.AppendUint64(out, n)
}

// size is the bytes of one photo (the figures name it).
func (pm *photoMaker) size() int { return len(pm.bases[0]) + 8 }

// multipartPhoto is the body of POST /api/sync/photo (docs/sync.md).
func multipartPhoto(photoID string, content []byte) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("photoId", photoID)
	part, _ := w.CreateFormFile("file", photoID+".jpg")
	_, _ = part.Write(content)
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}
