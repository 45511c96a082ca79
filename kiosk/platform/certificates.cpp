// Digest parsing (base64 SHA-256 with OpenSSL) and the checked download.
#include "platform/certificates.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <sstream>

#include "idcard/id_card.h"

namespace yiwang::kiosk {

namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

std::string base64_sha256(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  unsigned char encoded[64];
  const int n = EVP_EncodeBlock(encoded, digest, SHA256_DIGEST_LENGTH);
  return {reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n)};
}

}  // namespace

bool digest_matches(const std::string& bytes, const std::string& digest_header) {
  std::stringstream items(digest_header);
  for (std::string item; std::getline(items, item, ',');) {
    item = trim(item);
    const auto equals = item.find('=');
    if (equals == std::string::npos) continue;
    std::string algorithm = item.substr(0, equals);
    for (char& c : algorithm) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (algorithm != "sha-256") continue;
    return trim(item.substr(equals + 1)) == base64_sha256(bytes);
  }
  return false;
}

Result<CertificateDocument, PlatformError> fetch_certificate(PlatformClient& client,
                                                             const std::string& certificate_id) {
  auto reply = client.get("/v1/certificates/" + certificate_id + "/document");
  if (!reply) return fail(reply.error());
  PlatformReply& got = reply.value();
  if (got.document.empty() || !digest_matches(got.document, got.digest)) {
    drivers::secure_wipe(got.document);
    PlatformError error;
    error.error_class = ErrorClass::permanent;
    error.code = "digest_mismatch";
    error.title = "certificate " + certificate_id + ": the document does not match its digest";
    error.request_id = got.request_id;
    return fail(error);
  }
  return CertificateDocument{std::move(got.document), got.verification_code};
}

}  // namespace yiwang::kiosk
