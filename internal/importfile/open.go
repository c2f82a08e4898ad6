package importfile

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
)

// Open reads a people file from r: CSV (UTF-8, with or without a byte-order
// mark) or XLSX, decided by content. name is the uploaded file name, kept in
// Header.FileName; size is the file's length in bytes, or -1 if unknown.
//
// Open reads up to the header row and returns an *Error when the file is
// refused before it: over MaxBytes (when size says so), a binary or UTF-16
// file, no header row, or a header without an email column.
//
// Memory: a CSV is streamed from r; the reader holds at most about twice
// MaxRecordBytes plus 52 KiB of buffers (under 320 KiB), whatever the file's
// size. An
// XLSX needs random access, so Open copies it to a temporary file (at most
// MaxBytes) that Close removes; prefer OpenFile when the upload is already a
// file. See OpenFile for the XLSX memory bound.
func Open(r io.Reader, name string, size int64) (*Reader, error) {
	if size > MaxBytes {
		return nil, fileErr(ErrTooLarge, "the file is %s; the limit is %s", sizeText(size), sizeText(MaxBytes))
	}
	br := bufio.NewReaderSize(r, readAhead)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &Error{Kind: ErrRead, Err: err, Msg: "the file could not be read; try uploading it again"}
	}
	format, err := sniff(head)
	if err != nil {
		return nil, err
	}
	if format == XLSX {
		return openSpooled(br, name)
	}
	return openCSV(br, head, name, nil)
}

// OpenFile reads the people file at path, as Open does. An XLSX is read in
// place: excelize keeps in memory the workbook's parts other than
// worksheets (the shared strings table holds every distinct text of the
// workbook), and a worksheet larger than 1 MiB unpacked is streamed from a
// temporary file, so memory is bounded by the workbook's distinct text, not
// by its number of rows. A file over MaxBytes is refused.
func OpenFile(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Kind: ErrRead, Err: err, Msg: "the file could not be opened"}
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() > MaxBytes {
		f.Close()
		return nil, fileErr(ErrTooLarge, "the file is %s; the limit is %s", sizeText(fi.Size()), sizeText(MaxBytes))
	}
	br := bufio.NewReaderSize(f, readAhead)
	head, _ := br.Peek(sniffLen)
	format, err := sniff(head)
	if err == nil && format == XLSX {
		f.Close()
		return openXLSXPath(path, path, nil)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return openCSV(br, head, path, f.Close)
}

func openCSV(br *bufio.Reader, head []byte, name string, closer func() error) (*Reader, error) {
	if bytes.HasPrefix(head, bomUTF8) {
		br.Discard(len(bomUTF8))
		head = head[len(bomUTF8):]
	}
	delim := detectDelimiter(head)
	r := &Reader{src: newCSVSource(br, delim), close: closer}
	if err := r.readHeader(); err != nil {
		r.Close()
		return nil, err
	}
	r.hdr.FileName, r.hdr.Format, r.hdr.Delimiter = name, CSV, delim
	return r, nil
}

// openSpooled copies an XLSX upload to a temporary file for excelize, which
// needs random access.
func openSpooled(br *bufio.Reader, name string) (*Reader, error) {
	tmp, err := os.CreateTemp("", "console-import-*.xlsx")
	if err != nil {
		return nil, &Error{Kind: ErrRead, Err: err, Msg: "the file could not be stored for reading"}
	}
	remove := func() error { tmp.Close(); return os.Remove(tmp.Name()) }
	n, err := io.Copy(tmp, io.LimitReader(br, MaxBytes+1))
	switch {
	case err != nil:
		remove()
		return nil, &Error{Kind: ErrRead, Err: err, Msg: "the file could not be read; try uploading it again"}
	case n > MaxBytes:
		remove()
		return nil, fileErr(ErrTooLarge, "the file is larger than the limit of %s", sizeText(MaxBytes))
	}
	return openXLSXPath(tmp.Name(), name, remove)
}

func openXLSXPath(path, name string, cleanup func() error) (*Reader, error) {
	src, err := openXLSX(path)
	if err != nil {
		if cleanup != nil {
			cleanup()
		}
		return nil, err
	}
	closer := func() error {
		err := src.close()
		if cleanup != nil {
			cleanup()
		}
		return err
	}
	r := &Reader{src: src, close: closer}
	if err := r.readHeader(); err != nil {
		r.Close()
		return nil, err
	}
	r.hdr.FileName, r.hdr.Format, r.hdr.Sheet = name, XLSX, src.name
	return r, nil
}
