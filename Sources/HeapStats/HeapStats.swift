import CHeapShim
