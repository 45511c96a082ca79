// The keyed confirmation's card binding: SHA-256 over the card's number, the commitment's version
// and the moment it was accepted.
#include "flow/keyed_confirmation.h"

#include <openssl/sha.h>

#include <cstddef>

namespace yiwang::kiosk {

std::string keyed_card_binding(const std::string& id_number, const std::string& version,
                               const std::string& accepted_at) {
  const std::string bound =
      "yiwang-keyed-commitment:v1|" + id_number + "|" + version + "|" + accepted_at;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bound.data()), bound.size(), digest);
  std::string hex;
  hex.reserve(std::size_t{2} * SHA256_DIGEST_LENGTH);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0f];
  }
  return hex;
}

nlohmann::json keyed_confirmation(const std::string& id_number, const std::string& version,
                                  const std::string& accepted_at, const std::string& language) {
  return {{"method", "keypad"},
          {"read_aloud", language},
          {"card_binding", keyed_card_binding(id_number, version, accepted_at)}};
}

}  // namespace yiwang::kiosk
