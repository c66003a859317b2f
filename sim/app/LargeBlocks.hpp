#pragma once
// Whether LargeBlocks.cpp replaces the global operator new in this build: not
// under the sanitizers (GCC names them by macro, clang by __has_feature), whose
// own operator new checks new/delete pairs.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CISIM_LARGE_BLOCKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define CISIM_LARGE_BLOCKS 0
#endif
#endif
#ifndef CISIM_LARGE_BLOCKS
#define CISIM_LARGE_BLOCKS 1
#endif
