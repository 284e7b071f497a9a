package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"

	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// photo is a small JPEG standing in for a phone picture of the shop floor:
// inspections need one on a failed item the checklist marks, and a
// rectification's fix and re-check come with theirs.
func (s *seeder) photo(what string) (*filesystem.File, error) {
	s.photos++
	n := s.photos // not the seed's random stream: the records stay as they were
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	base := color.RGBA{uint8(120 + n*37%100), uint8(110 + n*53%100), uint8(100 + n*71%100), 255}
	for y := range 120 {
		for x := range 160 {
			c := base
			if (x/20+y/20)%2 == 0 { // a tiled floor, so the pictures differ
				c.R, c.G, c.B = c.R-40, c.G-40, c.B-40
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 70}); err != nil {
		return nil, err
	}
	return filesystem.NewFileFromBytes(buf.Bytes(), fmt.Sprintf("%s-%d.jpg", what, n))
}
