#include "textflag.h"

// func cputicks() uint64: the time-stamp counter (RDTSC), as the Swift side's cycle counter reads it.
TEXT ·cputicks(SB), NOSPLIT, $0-8
	RDTSC
	SHLQ	$32, DX
	ORQ	DX, AX
	MOVQ	AX, ret+0(FP)
	RET
