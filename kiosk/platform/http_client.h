// A libcurl easy handle per owner (one per thread): keeps the connection alive between requests.
#pragma once

#include <map>
#include <string>

#include "common/result.h"

namespace yiwang::kiosk {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct TransportError {
  int curl_code = 0;
  std::string message;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
  long timeout_ms = 10000;
  long connect_timeout_ms = 3000;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Result<HttpResponse, TransportError> perform(const HttpRequest& request);

 private:
  void* curl_;  // CURL*
};

}  // namespace yiwang::kiosk
