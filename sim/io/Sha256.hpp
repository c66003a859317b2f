#pragma once
// SHA-256 (FIPS 180-4), for the input hashes recorded in summary.json, by
// OpenSSL's libcrypto (the only file that knows it is Sha256.cpp). libcrypto
// picks the CPU's SHA extensions where it has them; bench/README.md compares
// it with the hand-written code it replaced.
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace cisim {

/// Incremental SHA-256: a model file of hundreds of MB is hashed in chunks.
class Sha256 {
public:
    Sha256();

    Sha256& update(std::string_view bytes);
    /// Lower-case hex digest of everything given to update(); ends the hash.
    std::string hex();

private:
    struct Free {
        void operator()(evp_md_ctx_st* context) const;
    };
    std::unique_ptr<evp_md_ctx_st, Free> context_;
};

/// Lower-case hex SHA-256 digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace cisim
