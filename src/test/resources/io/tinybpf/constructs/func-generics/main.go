//go:build tinygo

// construct: a generic function and a generic type
// category: functions
// program: prog syscall
// run: prog ctx=i32:-4,i32:0,u64:9 => 5
package main

type args struct {
	A int32
	_ int32
	B uint64
}

type number interface{ ~int32 | ~uint64 }

func biggest[T number](a, b T) T {
	if a > b {
		return a
	}
	return b
}

type box[T any] struct{ v T }

func (b box[T]) get() T { return b.v }

//export prog
func prog(ctx *args) int32 {
	x := box[int32]{biggest(ctx.A, 0)}
	return x.get() + int32(biggest(ctx.B, 3)) - 4
}

func main() {}
