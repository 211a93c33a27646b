package hsssim

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// ZipBomb is the well-known overlapping-entry zip bomb, for clients that
// must refuse it: one deflated run of unpacked zero bytes, which copies
// entries of the central directory all point at, so that a small file
// unpacks to copies × unpacked bytes. A download fault can serve it
// (Fault.Body).
func ZipBomb(copies int, unpacked int64) []byte {
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestSpeed)
	zeros := make([]byte, 1<<20)
	for left := unpacked; left > 0; left -= int64(len(zeros)) {
		_, _ = fw.Write(zeros[:min(left, int64(len(zeros)))])
	}
	_ = fw.Close()
	crc := zeroCRC(unpacked)

	var out bytes.Buffer
	name := "bomb0000.csv"
	le := binary.LittleEndian
	// The one local file header, and its data.
	local := make([]byte, 30)
	le.PutUint32(local[0:], 0x04034b50)
	le.PutUint16(local[4:], 20)
	le.PutUint16(local[8:], zip.Deflate)
	le.PutUint32(local[14:], crc)
	le.PutUint32(local[18:], uint32(data.Len()))
	le.PutUint32(local[22:], uint32(unpacked))
	le.PutUint16(local[26:], uint16(len(name)))
	out.Write(local)
	out.WriteString(name)
	out.Write(data.Bytes())
	// copies central directory entries, all pointing at offset 0.
	cdStart := out.Len()
	for i := range copies {
		entry := make([]byte, 46)
		le.PutUint32(entry[0:], 0x02014b50)
		le.PutUint16(entry[4:], 20)
		le.PutUint16(entry[6:], 20)
		le.PutUint16(entry[10:], zip.Deflate)
		le.PutUint32(entry[16:], crc)
		le.PutUint32(entry[20:], uint32(data.Len()))
		le.PutUint32(entry[24:], uint32(unpacked))
		le.PutUint16(entry[28:], uint16(len(name)))
		out.Write(entry)
		fmt.Fprintf(&out, "bomb%04d.csv", i)
	}
	end := make([]byte, 22)
	le.PutUint32(end[0:], 0x06054b50)
	le.PutUint16(end[8:], uint16(copies))
	le.PutUint16(end[10:], uint16(copies))
	le.PutUint32(end[12:], uint32(out.Len()-cdStart))
	le.PutUint32(end[16:], uint32(cdStart))
	out.Write(end)
	return out.Bytes()
}

// zeroCRC is the CRC-32 of n zero bytes.
func zeroCRC(n int64) uint32 {
	h := crc32.NewIEEE()
	zeros := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(zeros)) {
		_, _ = h.Write(zeros[:min(left, int64(len(zeros)))])
	}
	return h.Sum32()
}
