// Everything is `static inline` in include/CCycleCounter.h; SwiftPM needs one source file per C target.
#include "CCycleCounter.h"
