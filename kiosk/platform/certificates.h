// Certificate documents from the platform: download, and the Digest check before printing.
#pragma once

#include <string>

#include "common/result.h"
#include "platform/platform_client.h"

namespace yiwang::kiosk {

// True when `digest_header` ("sha-256=<base64>", RFC 3230; other algorithms listed with commas
// are ignored) matches the bytes.
bool digest_matches(const std::string& bytes, const std::string& digest_header);

struct CertificateDocument {
  std::string pdf;
  std::string verification_code;
};

// GET /v1/certificates/{id}/document; a document whose digest does not match (or has none) is
// refused with code "digest_mismatch", and its bytes are wiped.
Result<CertificateDocument, PlatformError> fetch_certificate(PlatformClient& client,
                                                             const std::string& certificate_id);

}  // namespace yiwang::kiosk
