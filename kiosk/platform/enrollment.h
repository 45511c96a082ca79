// Terminal enrollment: the provisioning QR code, a key pair made on the device, the CSR, the
// pinned platform CA, and the identity files the kiosk uses from then on.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "platform/http_client.h"
#include "platform/platform_client.h"

namespace yiwang::kiosk {

// kiosk-enroll:v1:<base64url JSON> (platform-api.md, "Provisioning QR code").
struct ProvisioningCode {
  std::string platform;   // https://...
  std::string token;      // one-time enrollment token
  std::string ca_sha256;  // lower-case hex fingerprint of the platform CA certificate
  std::string region_code;
  std::string site;
};

// The reason in plain words when the text is not a usable provisioning code.
Result<ProvisioningCode, std::string> parse_provisioning_code(std::string_view text);

// What enrollment leaves in the terminal folder: terminal.json, ca.pem, client.pem and
// client.key (mode 0600).
// NOLINTNEXTLINE(bugprone-exception-escape)
struct TerminalIdentity {
  std::string terminal_id;
  std::string platform_url;
  std::string region_code;
  std::string site_zh;
  std::string site_en;
  TlsFiles tls;
  // The platform's configuration from the enrollment answer (the maintenance PIN's hash among
  // it); not kept in terminal.json: the flow applies it once.
  nlohmann::json config = nlohmann::json::object();
};

// Points a platform configuration at the enrolled platform, as this terminal, over mutual TLS
// (timeouts and the rest stay as they were).
void use_identity(PlatformConfig& config, const TerminalIdentity& identity);

// nullopt when the folder holds no complete identity (error says what is missing).
std::optional<TerminalIdentity> load_terminal_identity(const std::string& dir, std::string& error);

// The notAfter of the PEM certificate in this file, as Unix milliseconds; nullopt when the file
// is missing or holds no certificate (diagnostics; renewal before expiry).
std::optional<long long> certificate_expiry_ms(const std::string& pem_file);

// Certificate renewal (platform-api.md): when less than 30 days of the terminal's certificate
// remain, a new key pair made here and its CSR go to POST /v1/terminals/{id}/certificate over
// the current mutual TLS; the answer's certificate and the new key are written beside the old
// ones (".new", fsynced), checked to belong together, and only then renamed over them (key
// first: load_terminal_identity finishes a renewal interrupted between the two renames). An
// expired certificate is not renewed: the platform refuses it and the wizard re-enrolls.
inline constexpr long long kRenewBeforeMs = 30LL * 24 * 3600 * 1000;
// True: renewed; false: not due (or already expired). The error is for the log.
Result<bool, std::string> renew_certificate_if_due(PlatformClient& client,
                                                   const PlatformConfig& config,
                                                   long long now_unix_ms,
                                                   long long renew_before_ms = kRenewBeforeMs);

struct DeviceFacts {
  std::string serial_number;
  std::string model = "YW-K1";
  std::string app_version = "0.1.0";
};

// Which step of enrollment failed, for the technician's wizard (each says what to check).
enum class EnrollmentProblem {
  none,
  no_network,     // the platform's address did not answer (cable, Wi-Fi, DNS, the address)
  wrong_ca,       // the server does not present the CA the code pins (wrong code or platform)
  token_invalid,  // 401 invalid_token: unknown or expired
  token_used,     // 409 token_used
  refused,        // another answer from the platform
  bad_answer,     // the answer is not usable
  storage,        // the identity could not be written
};
const char* to_string(EnrollmentProblem problem);

// Enrolls against the platform named in the code and writes the identity into dir. Refuses when
// the CA the server presents does not match the code's fingerprint. The error is for a
// technician.
Result<TerminalIdentity, std::string> enroll_terminal(const ProvisioningCode& code,
                                                      const std::string& dir,
                                                      const DeviceFacts& device,
                                                      EnrollmentProblem* problem = nullptr);

}  // namespace yiwang::kiosk
