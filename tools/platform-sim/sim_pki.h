// The platform simulator's own certificate authority: a CA kept on disk, a server certificate
// made at every start, and terminal certificates signed from enrollment CSRs.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace yiwang::platform_sim {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

class SimPki {
 public:
  // Loads ca.pem/ca.key from dir, or creates them (EC P-256, ten years) on first start; then
  // issues a fresh server certificate for the given names (IP addresses or DNS names).
  static std::optional<SimPki> load_or_create(const std::string& dir,
                                              const std::vector<std::string>& server_names,
                                              std::string& error);

  X509* ca() const { return ca_.get(); }
  X509* server_certificate() const { return server_.get(); }
  EVP_PKEY* server_key() const { return server_key_.get(); }
  std::string ca_pem() const;
  // Lower-case hex SHA-256 of the CA certificate's DER: what a provisioning code pins.
  std::string ca_sha256() const;

  // Signs a terminal's CSR (its signature checked) as a client certificate for common_name, valid
  // from now + from_s to now + to_s (a negative to_s issues an already expired one, for tests).
  std::optional<std::string> sign_terminal(const std::string& csr_pem,
                                           const std::string& common_name, long from_s, long to_s,
                                           std::string& error) const;

 private:
  X509Ptr ca_;
  KeyPtr ca_key_;
  X509Ptr server_;
  KeyPtr server_key_;
};

// The common name of a verified peer certificate, or empty.
std::string common_name_of(X509* certificate);

}  // namespace yiwang::platform_sim
