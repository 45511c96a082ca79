// SimPki over OpenSSL 3: key generation, X.509 v3 certificates with the right extensions, PEM I/O.
#include "sim_pki.h"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

namespace yiwang::platform_sim {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

KeyPtr new_key() { return KeyPtr(EVP_EC_gen("P-256")); }

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (!extension) return false;
  const bool added = X509_add_ext(cert, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// A certificate skeleton: random serial, validity, subject CN, public key.
X509Ptr new_certificate(EVP_PKEY* subject_key, const std::string& common_name, long from_s,
                        long to_s) {
  X509Ptr cert(X509_new());
  if (!cert) return nullptr;
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;
  BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert.get()));
  BN_free(number);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_s);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), to_s);
  X509_set_pubkey(cert.get(), subject_key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("Yiwang platform simulator"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  return cert;
}

bool write_private(const std::string& path, EVP_PKEY* key) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (!file) return false;
  ::chmod(path.c_str(), 0600);
  const bool ok = PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  return std::fclose(file) == 0 && ok;
}

bool write_certificate(const std::string& path, X509* cert) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (!file) return false;
  const bool ok = PEM_write_X509(file, cert) == 1;
  return std::fclose(file) == 0 && ok;
}

bool is_ip_address(const std::string& name) {
  return name.find_first_not_of("0123456789.") == std::string::npos ||
         name.find(':') != std::string::npos;
}

}  // namespace

std::string common_name_of(X509* certificate) {
  if (!certificate) return "";
  char text[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, text, sizeof text);
  return text;
}

std::optional<SimPki> SimPki::load_or_create(const std::string& dir,
                                             const std::vector<std::string>& server_names,
                                             std::string& error) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  const std::string ca_path = dir + "/ca.pem";
  const std::string ca_key_path = dir + "/ca.key";
  SimPki pki;
  if (fs::exists(ca_path) && fs::exists(ca_key_path)) {
    FILE* cert_file = std::fopen(ca_path.c_str(), "r");
    FILE* key_file = std::fopen(ca_key_path.c_str(), "r");
    if (cert_file) pki.ca_.reset(PEM_read_X509(cert_file, nullptr, nullptr, nullptr));
    if (key_file) pki.ca_key_.reset(PEM_read_PrivateKey(key_file, nullptr, nullptr, nullptr));
    if (cert_file) std::fclose(cert_file);
    if (key_file) std::fclose(key_file);
    if (!pki.ca_ || !pki.ca_key_) {
      error = "cannot read the CA in " + dir;
      return std::nullopt;
    }
  } else {
    pki.ca_key_ = new_key();
    // Each simulator's CA has a name of its own, as two real CAs would.
    unsigned char tag[4];
    RAND_bytes(tag, sizeof tag);
    char name[64];
    std::snprintf(name, sizeof name, "Yiwang platform simulator CA %02x%02x%02x%02x", tag[0],
                  tag[1], tag[2], tag[3]);
    pki.ca_ = new_certificate(pki.ca_key_.get(), name, 0, 10L * 365 * 24 * 3600);
    X509* ca = pki.ca_.get();
    X509_set_issuer_name(ca, X509_get_subject_name(ca));
    const bool ok = add_extension(ca, ca, NID_basic_constraints, "critical,CA:TRUE") &&
                    add_extension(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign") &&
                    add_extension(ca, ca, NID_subject_key_identifier, "hash") &&
                    X509_sign(ca, pki.ca_key_.get(), EVP_sha256()) > 0 &&
                    write_private(ca_key_path, pki.ca_key_.get()) && write_certificate(ca_path, ca);
    if (!ok) {
      error = "cannot create a CA in " + dir;
      return std::nullopt;
    }
  }

  pki.server_key_ = new_key();
  pki.server_ = new_certificate(pki.server_key_.get(), server_names.front(), -60, 365L * 24 * 3600);
  std::string alt_names;
  for (const auto& name : server_names) {
    if (!alt_names.empty()) alt_names += ",";
    alt_names += (is_ip_address(name) ? "IP:" : "DNS:") + name;
  }
  X509* server = pki.server_.get();
  X509_set_issuer_name(server, X509_get_subject_name(pki.ca_.get()));
  const bool ok = add_extension(server, pki.ca_.get(), NID_basic_constraints, "CA:FALSE") &&
                  add_extension(server, pki.ca_.get(), NID_ext_key_usage, "serverAuth") &&
                  add_extension(server, pki.ca_.get(), NID_subject_alt_name, alt_names.c_str()) &&
                  X509_sign(server, pki.ca_key_.get(), EVP_sha256()) > 0;
  if (!ok) {
    error = "cannot issue the server certificate";
    return std::nullopt;
  }
  return pki;
}

std::string SimPki::ca_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), ca_.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string SimPki::ca_sha256() const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(ca_.get(), EVP_sha256(), digest, &size);
  std::string hex;
  char pair[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", digest[i]);
    hex += pair;
  }
  return hex;
}

std::optional<std::string> SimPki::sign_terminal(const std::string& csr_pem,
                                                 const std::string& common_name, long from_s,
                                                 long to_s, std::string& error) const {
  BioPtr in(BIO_new_mem_buf(csr_pem.data(), static_cast<int>(csr_pem.size())));
  X509_REQ* request = PEM_read_bio_X509_REQ(in.get(), nullptr, nullptr, nullptr);
  if (!request) {
    error = "csr_pem is not a PEM certificate request";
    return std::nullopt;
  }
  EVP_PKEY* subject_key = X509_REQ_get0_pubkey(request);
  if (!subject_key || X509_REQ_verify(request, subject_key) != 1) {
    X509_REQ_free(request);
    error = "the CSR's signature does not verify";
    return std::nullopt;
  }
  X509Ptr cert = new_certificate(subject_key, common_name, from_s, to_s);
  X509_REQ_free(request);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_.get()));
  const bool ok = add_extension(cert.get(), ca_.get(), NID_basic_constraints, "CA:FALSE") &&
                  add_extension(cert.get(), ca_.get(), NID_ext_key_usage, "clientAuth") &&
                  X509_sign(cert.get(), ca_key_.get(), EVP_sha256()) > 0;
  if (!ok) {
    error = "cannot sign the terminal certificate";
    return std::nullopt;
  }
  BioPtr out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace yiwang::platform_sim
