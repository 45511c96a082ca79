// A libcurl easy handle per owner (one per thread): keeps the connection alive between requests.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace yiwang::kiosk {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::vector<std::string> chain_pem;          // the server's chain, when peek_chain asked
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct TransportError {
  int curl_code = 0;
  std::string message;
  // The answer grew past the contract's limit (1 MiB of JSON, 20 MiB of document) and was cut
  // off: the platform answered, but nothing it said is used.
  bool too_large = false;
};

// The files behind mutual TLS: the pinned platform CA (nothing else is trusted, not even the
// system store), and the terminal's certificate and key. All empty: no client certificate.
struct TlsFiles {
  std::string ca_file;
  std::string certificate_file;
  std::string key_file;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
  long timeout_ms = 10000;
  long connect_timeout_ms = 3000;
  // Enrollment only: complete the handshake without verifying, to read the server's chain and
  // find the CA a provisioning code pins. Nothing of value is sent on such a request.
  bool peek_chain = false;
};

class HttpClient {
 public:
  explicit HttpClient(TlsFiles tls = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Result<HttpResponse, TransportError> perform(const HttpRequest& request);

 private:
  void* curl_;  // CURL*
  TlsFiles tls_;
};

}  // namespace yiwang::kiosk
