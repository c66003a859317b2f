#pragma once
// Whether LargeBlocks.cpp replaces the global operator new in this build: not
// under the sanitizers (CMake defines CISIM_UNDER_ASAN / CISIM_UNDER_TSAN),
// whose own operator new checks new/delete pairs.
#if defined(CISIM_UNDER_ASAN) || defined(CISIM_UNDER_TSAN)
#define CISIM_LARGE_BLOCKS 0
#else
#define CISIM_LARGE_BLOCKS 1
#endif
