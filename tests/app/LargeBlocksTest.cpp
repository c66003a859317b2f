#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "app/LargeBlocks.hpp"

// sim/app/LargeBlocks.cpp, linked into this executable as into cisim: the
// global operator new advises blocks of 4 MiB or more onto huge pages. The
// kernel says per mapping in /proc/self/smaps whether it may back it with
// them ("THPeligible"); with THP in madvise mode only advised mappings are.

namespace {

constexpr bool hook_built = CISIM_LARGE_BLOCKS;

std::string thp_mode() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(in, line);
    const auto open = line.find('['), close = line.find(']');
    return open == std::string::npos || close == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

// THPeligible of the mapping that holds `at`, or −1 when none is listed.
int thp_eligible(const void* at) {
    const auto a = reinterpret_cast<std::uintptr_t>(at);
    std::ifstream in("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        const auto dash = line.find('-');
        const auto space = line.find(' ');
        if (dash != std::string::npos && space != std::string::npos && dash < space &&
            line.find_first_not_of("0123456789abcdef") == dash) {
            const auto lo = std::stoull(line.substr(0, dash), nullptr, 16);
            const auto hi = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
            inside = lo <= a && a < hi;
        } else if (inside && line.rfind("THPeligible:", 0) == 0) {
            return std::stoi(line.substr(12));
        }
    }
    return -1;
}

}  // namespace

TEST_CASE("a block of 4 MiB or more lies in a mapping the kernel may back with huge pages") {
    if (!hook_built) {
        SUCCEED("off under the sanitizers (sim/app/LargeBlocks.cpp)");
        return;
    }
    if (thp_mode() != "madvise") {
        WARN("transparent huge pages are '" << thp_mode() << "' here, not madvise: the advice decides nothing");
        return;
    }
    const std::unique_ptr<char[]> big(new char[std::size_t{16} << 20]);
    // Its middle: the advice covers the whole 2 MiB pages inside the block.
    CHECK(thp_eligible(big.get() + (std::size_t{8} << 20)) == 1);
}
