// Large blocks on transparent huge pages. The global operator new of the
// cisim executable (and of bench's workload driver) asks the kernel for 2 MiB
// pages under every block of 4 MiB or more: the arrays of a million-asset
// model, the engine's layout, an IIM's matrices. Why: Debian's kernels give
// huge pages only where madvise asks for them, and on the development machine
// (a virtual machine) a first touch of a 4 KiB page costs several
// microseconds; a 1 M run touches about a million of them. Measured there
// (bench/README.md, 2026-12-07 20:00Z): `cisim validate` from the model cache
// 3.7–5.3 s → about 2.1 s, the IIM's build and solve at 100,000 sectors about
// halved, peak RSS unchanged. The advice changes no value: it is a hint, and a
// block that glibc placed in its heap instead of a mapping of its own is
// still plain anonymous memory.
// Off under the sanitizers (LargeBlocks.hpp).
#include "app/LargeBlocks.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include <sys/mman.h>

#if CISIM_LARGE_BLOCKS

namespace {

constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
constexpr std::size_t advised_from = std::size_t{4} << 20;  // main's mmap threshold: such blocks are mappings of their own

void* allocate(std::size_t n) {
    if (n == 0) n = 1;
    void* p;
    while ((p = std::malloc(n)) == nullptr) {
        const auto handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
    if (n >= advised_from) {
        // The whole huge pages inside the block (glibc's chunk header sits before it).
        const auto at = reinterpret_cast<std::uintptr_t>(p);
        const auto begin = (at + huge_page - 1) & ~(huge_page - 1);
        const auto end = (at + n) & ~(huge_page - 1);
        if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    }
    return p;
}

}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

#endif
