// Enrollment over OpenSSL (key, CSR, fingerprints) and the HttpClient (chain peek, then a
// request verified against the pinned CA only).
#include "platform/enrollment.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/json_fields.h"
#include "platform/answer_limits.h"

namespace yiwang::kiosk {

namespace {

constexpr std::string_view kPrefix = "kiosk-enroll:v1:";
constexpr std::size_t kLongestCode = 4096;

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_REQ* p) const { X509_REQ_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, Deleter>;

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
    const bool valid = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
    if (!valid) return std::nullopt;
  }
  const std::size_t remainder = standard.size() % 4;
  if (remainder == 1) return std::nullopt;
  if (remainder) standard.append(4 - remainder, '=');
  std::string out(standard.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(standard.data()),
                                static_cast<int>(standard.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the padding stood for: drop them.
  out.resize(static_cast<std::size_t>(n) - (remainder ? 4 - remainder : 0));
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool write_file(const std::string& path, const std::string& bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return false;
  const bool ok = ::fchmod(fd, mode) == 0 &&
                  ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) &&
                  ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

std::string sha256_of_pem(const std::string& pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(cert.get(), EVP_sha256(), digest, &size);
  std::string hex;
  char pair[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", digest[i]);
    hex += pair;
  }
  return hex;
}

std::string pem_of_key(EVP_PKEY* key) {
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string csr_for(EVP_PKEY* key, const std::string& serial_number) {
  Owned<X509_REQ> request(X509_REQ_new());
  X509_REQ_set_version(request.get(), 0);
  X509_NAME* name = X509_REQ_get_subject_name(request.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(serial_number.c_str()), -1, -1,
                             0);
  X509_REQ_set_pubkey(request.get(), key);
  if (X509_REQ_sign(request.get(), key, EVP_sha256()) <= 0) return "";
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), request.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string problem_text(const HttpResponse& response) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  const std::string code = text_or(body, "code");
  if (code == "invalid_token") return "the enrollment token is unknown or expired";
  if (code == "token_used") return "the enrollment token was used already";
  return "the platform answered " + std::to_string(response.status) +
         (code.empty() ? "" : " " + code);
}

}  // namespace

const char* to_string(EnrollmentProblem problem) {
  switch (problem) {
    case EnrollmentProblem::none:
      return "none";
    case EnrollmentProblem::no_network:
      return "no_network";
    case EnrollmentProblem::wrong_ca:
      return "wrong_ca";
    case EnrollmentProblem::token_invalid:
      return "token_invalid";
    case EnrollmentProblem::token_used:
      return "token_used";
    case EnrollmentProblem::refused:
      return "refused";
    case EnrollmentProblem::bad_answer:
      return "bad_answer";
    case EnrollmentProblem::storage:
      return "storage";
  }
  return "refused";
}

Result<ProvisioningCode, std::string> parse_provisioning_code(std::string_view text) {
  if (text.size() > kLongestCode) return fail(std::string("the code is too long"));
  if (text.substr(0, kPrefix.size()) != kPrefix) {
    return fail(std::string("not a provisioning code (kiosk-enroll:v1:)"));
  }
  auto decoded = base64url_decode(text.substr(kPrefix.size()));
  if (!decoded) return fail(std::string("the code's content is not base64url"));
  auto content = nlohmann::json::parse(*decoded, nullptr, false);
  if (!content.is_object()) return fail(std::string("the code's content is not a JSON object"));
  ProvisioningCode code;
  const auto text_of = [&](const char* key) {
    auto it = content.find(key);
    return it != content.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  code.platform = text_of("platform");
  code.token = text_of("token");
  code.ca_sha256 = text_of("ca_sha256");
  code.region_code = text_of("region_code");
  code.site = text_of("site");
  if (code.platform.rfind("https://", 0) != 0) {
    return fail(std::string("the platform address must start with https://"));
  }
  if (code.token.empty()) return fail(std::string("the code carries no enrollment token"));
  const bool hex = code.ca_sha256.size() == 64 &&
                   code.ca_sha256.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!hex) return fail(std::string("ca_sha256 is not 64 lower-case hex digits"));
  return code;
}

void use_identity(PlatformConfig& config, const TerminalIdentity& identity) {
  config.base_url = identity.platform_url;
  config.terminal_id = identity.terminal_id;
  config.tls = identity.tls;
}

namespace {

// True when the certificate in cert_file certifies the key in key_file.
bool pair_matches(const std::string& cert_file, const std::string& key_file) {
  std::unique_ptr<FILE, int (*)(FILE*)> cf(std::fopen(cert_file.c_str(), "r"), &std::fclose);
  std::unique_ptr<FILE, int (*)(FILE*)> kf(std::fopen(key_file.c_str(), "r"), &std::fclose);
  if (!cf || !kf) return false;
  Owned<X509> cert(PEM_read_X509(cf.get(), nullptr, nullptr, nullptr));
  Owned<EVP_PKEY> key(PEM_read_PrivateKey(kf.get(), nullptr, nullptr, nullptr));
  return cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
}

// A renewal stopped between writing its files and renaming them: finish it when the new pair
// is whole and belongs together, else drop what it left (the old pair is then untouched).
void finish_interrupted_renewal(const std::string& cert_file, const std::string& key_file) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  const std::string cert_new = cert_file + ".new";
  const std::string key_new = key_file + ".new";
  if (!fs::exists(cert_new)) {
    fs::remove(key_new, ignored);
    return;
  }
  const std::string key_now = fs::exists(key_new) ? key_new : key_file;
  if (pair_matches(cert_new, key_now)) {
    if (key_now == key_new) fs::rename(key_new, key_file, ignored);
    fs::rename(cert_new, cert_file, ignored);
  } else {
    fs::remove(cert_new, ignored);
    fs::remove(key_new, ignored);
  }
}

}  // namespace

Result<bool, std::string> renew_certificate_if_due(PlatformClient& client,
                                                   const PlatformConfig& config,
                                                   long long now_unix_ms,
                                                   long long renew_before_ms) {
  const TlsFiles& tls = config.tls;
  if (tls.certificate_file.empty() || tls.key_file.empty()) return false;  // not enrolled
  const auto expiry = certificate_expiry_ms(tls.certificate_file);
  if (!expiry) return fail("cannot read the terminal certificate " + tls.certificate_file);
  if (*expiry <= now_unix_ms || *expiry - now_unix_ms > renew_before_ms) return false;
  Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
  if (!key) return fail(std::string("cannot generate a key pair"));
  auto answered = client.post("/v1/terminals/" + config.terminal_id + "/certificate",
                              {{"csr_pem", csr_for(key.get(), config.terminal_id)}});
  if (!answered) return fail("renewal refused: " + answered.error().summary());
  const std::string certificate = text_or(answered.value().body, "certificate_pem");
  if (certificate.find("BEGIN CERTIFICATE") == std::string::npos)
    return fail(std::string("the renewal answer carries no certificate"));
  const std::string cert_new = tls.certificate_file + ".new";
  const std::string key_new = tls.key_file + ".new";
  if (!write_file(key_new, pem_of_key(key.get()), 0600) || !write_file(cert_new, certificate, 0644))
    return fail("cannot write the renewed certificate beside " + tls.certificate_file);
  if (!pair_matches(cert_new, key_new)) {
    std::error_code ignored;
    std::filesystem::remove(cert_new, ignored);
    std::filesystem::remove(key_new, ignored);
    return fail(std::string("the renewed certificate is not for the key made here"));
  }
  // Both stored and synced: only now the switch (the old pair worked until this moment).
  if (::rename(key_new.c_str(), tls.key_file.c_str()) != 0 ||
      ::rename(cert_new.c_str(), tls.certificate_file.c_str()) != 0)
    return fail("cannot switch to the renewed certificate in " + tls.certificate_file);
  const std::string dir = std::filesystem::path(tls.certificate_file).parent_path().string();
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);  // the renames themselves outlive a power cut
    ::close(fd);
  }
  return true;
}

std::optional<TerminalIdentity> load_terminal_identity(const std::string& dir, std::string& error) {
  namespace fs = std::filesystem;
  finish_interrupted_renewal((fs::path(dir) / "client.pem").string(),
                             (fs::path(dir) / "client.key").string());
  for (const char* name : {"terminal.json", "ca.pem", "client.pem", "client.key"}) {
    if (!fs::exists(fs::path(dir) / name)) {
      error = "terminal not enrolled (" + (fs::path(dir) / name).string() + " missing)";
      return std::nullopt;
    }
  }
  auto facts = nlohmann::json::parse(read_file(dir + "/terminal.json"), nullptr, false);
  if (!facts.is_object() || !facts.contains("terminal_id")) {
    error = dir + "/terminal.json is damaged";
    return std::nullopt;
  }
  TerminalIdentity identity;
  identity.terminal_id = text_or(facts, "terminal_id");
  identity.platform_url = text_or(facts, "platform");
  identity.region_code = text_or(facts, "region_code");
  identity.site_zh = text_or(facts, "site_zh");
  identity.site_en = text_or(facts, "site_en");
  identity.tls = {dir + "/ca.pem", dir + "/client.pem", dir + "/client.key"};
  return identity;
}

Result<TerminalIdentity, std::string> enroll_terminal(const ProvisioningCode& code,
                                                      const std::string& dir,
                                                      const DeviceFacts& device,
                                                      EnrollmentProblem* problem) {
  namespace fs = std::filesystem;
  auto failed = [problem](EnrollmentProblem why, std::string message) {
    if (problem) *problem = why;
    return fail(std::move(message));
  };
  if (problem) *problem = EnrollmentProblem::none;
  std::error_code ignored;
  fs::create_directories(dir, ignored);
  const std::string url = code.platform + "/v1/terminals/enroll";

  // 1. Which CA does the server present? Only a chain holding the pinned one goes further.
  HttpRequest peek;
  peek.method = "HEAD";
  peek.url = url;
  peek.peek_chain = true;
  auto peeked = HttpClient().perform(peek);
  if (!peeked)
    return failed(EnrollmentProblem::no_network,
                  "cannot reach " + code.platform + ": " + peeked.error().message);
  std::string pinned_pem;
  for (const auto& pem : peeked.value().chain_pem) {
    if (sha256_of_pem(pem) == code.ca_sha256) pinned_pem = pem;
  }
  if (pinned_pem.empty()) {
    return failed(EnrollmentProblem::wrong_ca,
                  "refused: the server at " + code.platform +
                      " does not present the platform CA the provisioning code pins (" +
                      code.ca_sha256.substr(0, 16) + "...)");
  }
  const std::string ca_path = dir + "/ca.pem";
  if (!write_file(ca_path + ".new", pinned_pem, 0644))
    return failed(EnrollmentProblem::storage, "cannot write " + ca_path);

  // 2. The key pair is made here and never leaves the terminal; the platform signs the CSR.
  Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
  if (!key) return failed(EnrollmentProblem::storage, "cannot generate a key pair");
  const std::string serial = device.serial_number.empty() ? "unknown" : device.serial_number;
  const nlohmann::json body = {{"enrollment_token", code.token},
                               {"csr_pem", csr_for(key.get(), serial)},
                               {"serial_number", serial},
                               {"model", device.model},
                               {"app_version", device.app_version}};
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers["Content-Type"] = "application/json";
  request.body = body.dump();
  // 3. This request is verified against the pinned CA only (and the host name).
  auto answered = HttpClient(TlsFiles{ca_path + ".new", "", ""}).perform(request);
  if (!answered)
    return failed(EnrollmentProblem::no_network, "enrollment failed: " + answered.error().message);
  if (answered.value().status != 201) {
    const long status = answered.value().status;
    const std::string text = problem_text(answered.value());
    return failed(status == 401   ? EnrollmentProblem::token_invalid
                  : status == 409 ? EnrollmentProblem::token_used
                                  : EnrollmentProblem::refused,
                  "enrollment refused: " + text);
  }
  auto read = read_answer(AnswerKind::enrollment, answered.value().body);
  if (!read)
    return failed(EnrollmentProblem::bad_answer,
                  "enrollment answer is not usable: " + read.error());
  const nlohmann::json reply = std::move(read.value());
  if (sha256_of_pem(text_or(reply, "ca_pem")) != code.ca_sha256) {
    return failed(EnrollmentProblem::wrong_ca, "refused: the enrollment answer names another CA");
  }
  TerminalIdentity identity;
  identity.terminal_id = text_or(reply, "terminal_id");
  identity.platform_url = code.platform;
  identity.region_code = text_or(reply, "region_code", code.region_code);
  const nlohmann::json site = field_or(reply, "site_name", nlohmann::json::object());
  identity.site_zh = text_or(site, "zh", code.site);
  identity.site_en = text_or(site, "en");
  identity.tls = {ca_path, dir + "/client.pem", dir + "/client.key"};
  if (reply.contains("config") && reply["config"].is_object()) identity.config = reply["config"];
  const nlohmann::json facts = {{"terminal_id", identity.terminal_id},
                                {"platform", identity.platform_url},
                                {"region_code", identity.region_code},
                                {"site_zh", identity.site_zh},
                                {"site_en", identity.site_en}};
  const bool written =
      write_file(identity.tls.key_file, pem_of_key(key.get()), 0600) &&
      write_file(identity.tls.certificate_file, text_or(reply, "certificate_pem"), 0644) &&
      ::rename((ca_path + ".new").c_str(), ca_path.c_str()) == 0 &&
      write_file(dir + "/terminal.json", facts.dump(2), 0644);
  if (!written)
    return failed(EnrollmentProblem::storage, "cannot write the terminal identity into " + dir);
  return identity;
}

std::optional<long long> certificate_expiry_ms(const std::string& pem_file) {
  FILE* file = std::fopen(pem_file.c_str(), "r");
  if (!file) return std::nullopt;
  X509* certificate = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (!certificate) return std::nullopt;
  std::tm when{};
  const bool ok = ASN1_TIME_to_tm(X509_get0_notAfter(certificate), &when) == 1;
  X509_free(certificate);
  if (!ok) return std::nullopt;
  return static_cast<long long>(timegm(&when)) * 1000;
}

}  // namespace yiwang::kiosk
