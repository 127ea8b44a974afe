package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Every mirror matches the runtime struct of the toolchain the test is built with, field by field:
// the struct is read from GOROOT/src (the toolchain's own sources), laid out by gc's rules for
// 64-bit targets, and each mirror field's offset and size compared with its runtime field's. A
// mismatch is one line naming the release, the struct and the field.
func TestMirrorsMatchRuntimeSources(t *testing.T) {
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skipf("the layout rules here are gc's for 64-bit targets, not %s", runtime.GOARCH)
	}
	root := filepath.Join(runtime.GOROOT(), "src")
	for _, c := range mirrorChecks {
		for _, line := range checkMirror(root, c) {
			t.Error(line)
		}
	}
}

// A mirror that differs in one field is refused in one line naming that field (the check itself
// is tested: hmap with the Go 1.24 clearSeq field, against whichever release this is).
func TestMirrorMismatchNamesTheField(t *testing.T) {
	type wrong struct {
		used     uint64
		seed     uint32
		dirPtr   uintptr
		dirLen   int
		depth    uint8
		shift    uint8
		writing  uint8
		clearSeq uint64
	}
	root := filepath.Join(runtime.GOROOT(), "src")
	maps := filepath.Join(root, "internal/runtime/maps/map.go")
	if _, err := os.Stat(maps); err != nil {
		t.Skip("this release has no Swiss map")
	}
	c := mirrorCheck{mirror: reflectTypeOf(wrong{}), files: []string{"internal/runtime/maps/map.go"},
		names: []string{"Map"}, fields: []string{"used", "seed", "dirPtr", "dirLen", "globalDepth", "globalShift",
			"writing", "clearSeq"}}
	lines := checkMirror(root, c)
	if len(lines) != 1 || !strings.Contains(lines[0], "Map.seed") {
		t.Fatalf("want one line naming Map.seed, got %q", lines)
	}
}

// checkMirror compares c's mirror with the runtime's declaration and returns one line per mismatch.
func checkMirror(root string, c mirrorCheck) []string {
	decls, file, name, st := findStruct(root, c)
	if st == nil {
		return []string{fmt.Sprintf("%s: none of %s declares struct %s", runtime.Version(),
			strings.Join(c.files, ", "), strings.Join(c.names, " or "))}
	}
	where := fmt.Sprintf("%s %s", runtime.Version(), file)
	l := layoutOf(decls, st)
	if c.mirror.NumField() != len(c.fields) {
		return []string{fmt.Sprintf("%s: mirror %s has %d fields, the check names %d", where, c.mirror.Name(),
			c.mirror.NumField(), len(c.fields))}
	}
	var lines []string
	for i := 0; i < c.mirror.NumField(); i++ {
		f := c.mirror.Field(i)
		path, optional := strings.CutSuffix(c.fields[i], "?")
		off, size, ok := l.lookup(decls, path)
		if !ok && optional {
			// Absent in this release: the mirror's field must lie in the runtime struct's padding.
			if overlap := l.overlapping(int64(f.Offset), int64(f.Type.Size())); overlap != "" {
				lines = append(lines, fmt.Sprintf("%s: %s.%s is absent, and the mirror's %s overlaps %s",
					where, name, path, f.Name, overlap))
			}
			continue
		}
		if !ok {
			lines = append(lines, fmt.Sprintf("%s: %s has no field %s (mirror field %s)", where, name, path, f.Name))
			continue
		}
		if off != int64(f.Offset) || size != int64(f.Type.Size()) {
			lines = append(lines, fmt.Sprintf("%s: %s.%s is at offset %d, %d bytes; the mirror's %s is at %d, %d bytes",
				where, name, path, off, size, f.Name, f.Offset, f.Type.Size()))
		}
	}
	if l.size != int64(c.mirror.Size()) {
		lines = append(lines, fmt.Sprintf("%s: %s is %d bytes, the mirror %s %d", where, name, l.size,
			c.mirror.Name(), c.mirror.Size()))
	}
	return lines
}

// typeDecls are the named types of one package directory (non-test files), by name.
type typeDecls struct {
	types map[string]ast.Expr
}

// findStruct parses the package directory of c's first file that declares one of c's names as a
// struct, and returns its declarations, the file, the name and the struct.
func findStruct(root string, c mirrorCheck) (*typeDecls, string, string, *ast.StructType) {
	for _, file := range c.files {
		path := filepath.Join(root, file)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, name := range c.names {
			if st := structIn(f, name); st != nil {
				return packageDecls(filepath.Dir(path), f), file, name, st
			}
		}
	}
	return nil, "", "", nil
}

// structIn is the struct type name declares in f, or nil.
func structIn(f *ast.File, name string) *ast.StructType {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range g.Specs {
			if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == name && !ts.Assign.IsValid() {
				if st, ok := ts.Type.(*ast.StructType); ok {
					return st
				}
			}
		}
	}
	return nil
}

// packageDecls collects the named types of dir's non-test files, first's declarations winning (the
// file the struct came from is the build the release uses).
func packageDecls(dir string, first *ast.File) *typeDecls {
	d := &typeDecls{types: map[string]ast.Expr{}}
	add := func(f *ast.File) {
		for _, decl := range f.Decls {
			if g, ok := decl.(*ast.GenDecl); ok {
				for _, s := range g.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						if _, seen := d.types[ts.Name.Name]; !seen {
							d.types[ts.Name.Name] = ts.Type
						}
					}
				}
			}
		}
	}
	add(first)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		if f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil,
			parser.SkipObjectResolution); err == nil {
			add(f)
		}
	}
	return d
}

// structLayout is a struct laid out: each field's name, offset, size and type.
type structLayout struct {
	names   []string
	offsets []int64
	sizes   []int64
	types   []ast.Expr
	size    int64
}

// lookup is the offset and size of the field at path ("a" or "a.b").
func (l structLayout) lookup(d *typeDecls, path string) (int64, int64, bool) {
	head, rest, nested := strings.Cut(path, ".")
	for i, n := range l.names {
		if n != head {
			continue
		}
		if !nested {
			return l.offsets[i], l.sizes[i], true
		}
		st, ok := d.resolve(l.types[i]).(*ast.StructType)
		if !ok {
			return 0, 0, false
		}
		off, size, ok := layoutOf(d, st).lookup(d, rest)
		return l.offsets[i] + off, size, ok
	}
	return 0, 0, false
}

// overlapping names the field that overlaps [off, off+size), or "".
func (l structLayout) overlapping(off, size int64) string {
	for i, n := range l.names {
		if off < l.offsets[i]+l.sizes[i] && l.offsets[i] < off+size {
			return n
		}
	}
	return ""
}

// resolve follows named local types to their definition.
func (d *typeDecls) resolve(e ast.Expr) ast.Expr {
	for i := 0; i < 10; i++ {
		id, ok := e.(*ast.Ident)
		if !ok {
			return e
		}
		def, ok := d.types[id.Name]
		if !ok {
			return e
		}
		e = def
	}
	return e
}

// layoutOf lays st out by gc's rules: each field at its alignment, one byte after a trailing
// zero-size field of a non-empty struct, the size rounded to the largest alignment.
func layoutOf(d *typeDecls, st *ast.StructType) structLayout {
	var l structLayout
	var off, maxAlign int64 = 0, 1
	var last int64 = -1
	for _, f := range st.Fields.List {
		size, align := sizeOf(d, f.Type)
		names := []string{}
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
		if len(names) == 0 { // embedded: named by its type
			t := f.Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if sel, ok := t.(*ast.SelectorExpr); ok {
				names = append(names, sel.Sel.Name)
			} else if id, ok := t.(*ast.Ident); ok {
				names = append(names, id.Name)
			}
		}
		for _, n := range names {
			off = (off + align - 1) / align * align
			l.names = append(l.names, n)
			l.offsets = append(l.offsets, off)
			l.sizes = append(l.sizes, size)
			l.types = append(l.types, f.Type)
			off += size
			last = size
		}
		if align > maxAlign {
			maxAlign = align
		}
	}
	if off > 0 && last == 0 {
		off++
	}
	l.size = (off + maxAlign - 1) / maxAlign * maxAlign
	return l
}

// sizeOf is the size and alignment of a type expression on a 64-bit target.
func sizeOf(d *typeDecls, e ast.Expr) (int64, int64) {
	switch t := e.(type) {
	case *ast.Ident:
		switch t.Name {
		case "bool", "int8", "uint8", "byte":
			return 1, 1
		case "int16", "uint16":
			return 2, 2
		case "int32", "uint32", "rune", "float32":
			return 4, 4
		case "int", "uint", "int64", "uint64", "uintptr", "float64":
			return 8, 8
		case "string":
			return 16, 8
		}
		if def, ok := d.types[t.Name]; ok {
			return sizeOf(d, def)
		}
		panic("mirror_test: unknown type " + t.Name)
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && x.Name == "unsafe" && t.Sel.Name == "Pointer" {
			return 8, 8
		}
		panic(fmt.Sprintf("mirror_test: type %v.%s from another package", t.X, t.Sel.Name))
	case *ast.StarExpr, *ast.FuncType, *ast.MapType, *ast.ChanType:
		return 8, 8
	case *ast.InterfaceType:
		return 16, 8
	case *ast.ArrayType:
		if t.Len == nil {
			return 24, 8
		}
		lit, ok := t.Len.(*ast.BasicLit)
		if !ok {
			panic("mirror_test: array length is not a literal")
		}
		n, _ := strconv.ParseInt(lit.Value, 0, 64)
		size, align := sizeOf(d, t.Elt)
		return n * size, align
	case *ast.StructType:
		l := layoutOf(d, t)
		var align int64 = 1
		for _, f := range t.Fields.List {
			if _, a := sizeOf(d, f.Type); a > align {
				align = a
			}
		}
		return l.size, align
	}
	panic(fmt.Sprintf("mirror_test: unsupported type %T", e))
}
