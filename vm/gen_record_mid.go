package vm

// allocGenRecordMid is allocGenRecord for frames of 9 to 32 registers
// (a recursive generator with a comprehension and a few cells, as
// nqueens' place, has about 20): the generator, its frame and the
// registers in one allocation. The array sizes are the largest that fit
// each Go size class the record lands in (a genRecord is 112 bytes, a
// Value 24), so the spare registers cost nothing.
func allocGenRecordMid(size int) (*Generator, *Frame) {
	switch {
	case size <= 9:
		return newGenRecord[[9]Value](size) // 328 of 352 bytes
	case size <= 10:
		return newGenRecord[[10]Value](size) // 352
	case size <= 11:
		return newGenRecord[[11]Value](size) // 376 of 384
	case size <= 12:
		return newGenRecord[[12]Value](size) // 400 of 416
	case size <= 14:
		return newGenRecord[[14]Value](size) // 448
	case size <= 15:
		return newGenRecord[[15]Value](size) // 472 of 480
	case size <= 16:
		return newGenRecord[[16]Value](size) // 496 of 512
	case size <= 19:
		return newGenRecord[[19]Value](size) // 568 of 576
	case size <= 22:
		return newGenRecord[[22]Value](size) // 640
	case size <= 24:
		return newGenRecord[[24]Value](size) // 688 of 704
	case size <= 27:
		return newGenRecord[[27]Value](size) // 760 of 768
	default:
		return newGenRecord[[32]Value](size) // 880 of 896
	}
}
