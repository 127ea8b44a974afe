#ifndef CHEAPSHIM_H
#define CHEAPSHIM_H
// Placeholder; replaced by the HeapStats work (issue 3).
int mh_placeholder(void);
#endif
