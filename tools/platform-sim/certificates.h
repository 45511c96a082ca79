// The simulator's certificates (证照): a person's list, and each document as a real PDF drawn
// with cairo: Chinese text, the electronic seal as an image, and the verification code.
#pragma once

#include <string>
#include <vector>

namespace yiwang::platform_sim {

struct CertificateRecord {
  std::string id;
  std::string type_code;
  std::string name_zh;
  std::string name_en;
  std::string holder;  // masked display name
  std::string issued_at;
  std::string issuer_zh;
  std::string issuer_en;
  std::string verification_code;
};

// Two certificates per person, with ids derived from the ID number (stable across restarts).
std::vector<CertificateRecord> certificates_for(const std::string& id_number,
                                                const std::string& holder,
                                                const std::string& issued_at);

// The PDF bytes; empty with `error` set when cairo fails.
std::string certificate_pdf(const CertificateRecord& record, std::string& error);

// "sha-256=<base64>" of the bytes: the Digest header (RFC 3230).
std::string sha256_digest_header(const std::string& bytes);

}  // namespace yiwang::platform_sim
