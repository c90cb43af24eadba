//go:build tinygo

// bench: array equality: two MAC addresses, and a name against a constant
// covers: array equality
// program: mac_eq syscall
// program: name_eq syscall
// input: mac_eq ctx=0x0102030405060102030405060000000000000000000000000000000000000000
// input: mac_eq ctx=0x0102030405060102030405070000000000000000000000000000000000000000
// input: mac_eq ctx=0x0102030405060902030405060000000000000000000000000000000000000000
// input: name_eq ctx=0x00000000000000000000000074696e7962706600000000000000000000000000
// input: name_eq ctx=0x00000000000000000000000074696e7962706601000000000000000000000000
// input: name_eq ctx=0x00000000000000000000000078696e7962706600000000000000000000000000
package main

type args struct {
	Src, Dst [6]byte
	Name     [16]byte
	_        [4]byte
}

//export mac_eq
func mac_eq(ctx *args) int32 {
	if ctx.Src == ctx.Dst {
		return 1
	}
	return 0
}

//export name_eq
func name_eq(ctx *args) int32 {
	if ctx.Name == [16]byte{'t', 'i', 'n', 'y', 'b', 'p', 'f'} {
		return 1
	}
	return 0
}

func main() {}
