#include "io/Gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "model/Error.hpp"

namespace cisim::io {

namespace {

constexpr int gzip_window = 15 + 16;                         // deflate window 2^15, gzip wrapper
constexpr int any_window = 15 + 32;                          // inflate: gzip or zlib header, detected

// One member: `in` deflated at level 1 with a gzip header and trailer.
std::string deflate_member(std::string_view in) {
    z_stream z{};
    if (deflateInit2(&z, 1, Z_DEFLATED, gzip_window, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib: deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    return out;
}

}  // namespace

bool is_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gzip(std::string_view text, int threads) {
    const std::size_t members = std::max<std::size_t>(1, (text.size() + gzip_member_bytes - 1) / gzip_member_bytes);
    std::vector<std::string> parts(members);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < members;)
            parts[i] = deflate_member(text.substr(i * gzip_member_bytes, gzip_member_bytes));
    };
    const auto workers = static_cast<std::size_t>(std::clamp(threads, 1, 64));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < std::min(workers, members); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    std::size_t size = 0;
    for (const auto& p : parts) size += p.size();
    std::string out;
    out.reserve(size);
    for (auto& p : parts) {
        out += p;
        std::string().swap(p);
    }
    return out;
}

std::string gunzip(std::string_view bytes, const std::string& file) {
    auto fail = [&](const std::string& what) { return InputError(file, "", "cannot read gzip data: " + what); };
    z_stream z{};
    if (inflateInit2(&z, any_window) != Z_OK) throw fail("zlib could not start");
    std::string out;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    std::size_t left = bytes.size();
    std::size_t have = 0;
    int rc = Z_OK;
    try {
        // Guess 8× the input (generated JSON compresses 7–10×), then grow.
        out.resize(std::min(gunzip_limit, std::max<std::size_t>(1 << 16, 8 * bytes.size())));
        for (;;) {
            if (have == out.size()) {
                if (out.size() >= gunzip_limit)
                    throw fail("the text is larger than " + std::to_string(gunzip_limit >> 30) + " GiB");
                out.resize(std::min(gunzip_limit, 2 * out.size()));
            }
            const auto in_now = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
            const auto out_now = static_cast<uInt>(std::min<std::size_t>(out.size() - have, 1u << 30));
            z.avail_in = in_now;
            z.next_out = reinterpret_cast<Bytef*>(out.data() + have);
            z.avail_out = out_now;
            rc = inflate(&z, Z_NO_FLUSH);
            left -= in_now - z.avail_in;
            have += out_now - z.avail_out;
            if (rc == Z_STREAM_END) {
                if (left == 0) break;
                // Another member follows (gzip's own files may hold several).
                if (!is_gzip({reinterpret_cast<const char*>(z.next_in), left})) throw fail("data after the end of the stream");
                inflateReset(&z);
                continue;
            }
            if (rc == Z_BUF_ERROR && left == 0 && z.avail_out != 0) throw fail("the data ends early (truncated file?)");
            if (rc != Z_OK && rc != Z_BUF_ERROR) throw fail(z.msg ? z.msg : "corrupt data");
        }
    } catch (const std::bad_alloc&) {
        inflateEnd(&z);
        throw fail("out of memory");
    } catch (...) {
        inflateEnd(&z);
        throw;
    }
    inflateEnd(&z);
    out.resize(have);
    return out;
}

}  // namespace cisim::io
