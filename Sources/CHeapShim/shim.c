#include "CHeapShim.h"
int mh_placeholder(void) { return 0; }
