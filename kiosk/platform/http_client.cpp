// HttpClient over libcurl: header capture, timeouts, no signals (safe in threads).
#include "platform/http_client.h"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "common/library_symbol.h"
#include "platform/answer_limits.h"

namespace yiwang::kiosk {

namespace {

// libcurl is opened with dlopen by the first request (on the task or sync thread), not linked:
// linked, it and what it needs (Kerberos, LDAP, SASL, GnuTLS, libssh2, RTMP, nghttp2...) were
// mapped and relocated before main on every start, before the first frame. Filled once, then
// only read. Only the calls below are used: a new one must be added here.
struct Curl {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) init = nullptr;
  decltype(&::curl_easy_cleanup) cleanup = nullptr;
  decltype(&::curl_easy_reset) reset = nullptr;
  decltype(&::curl_easy_setopt) setopt = nullptr;
  decltype(&::curl_easy_perform) perform = nullptr;
  decltype(&::curl_easy_getinfo) getinfo = nullptr;
  decltype(&::curl_easy_strerror) error_text = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
};
Curl api;

// True once libcurl is open with every call bound and initialised (the first caller does it;
// curl_global_init is not thread-safe, call_once makes it run once).
bool curl_ready() {
  static std::once_flag once;
  static bool ready = false;
  std::call_once(once, [] {
    void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    ready = library != nullptr && bind_symbol(library, "curl_global_init", api.global_init) &&
            bind_symbol(library, "curl_easy_init", api.init) &&
            bind_symbol(library, "curl_easy_cleanup", api.cleanup) &&
            bind_symbol(library, "curl_easy_reset", api.reset) &&
            bind_symbol(library, "curl_easy_setopt", api.setopt) &&
            bind_symbol(library, "curl_easy_perform", api.perform) &&
            bind_symbol(library, "curl_easy_getinfo", api.getinfo) &&
            bind_symbol(library, "curl_easy_strerror", api.error_text) &&
            bind_symbol(library, "curl_slist_append", api.slist_append) &&
            bind_symbol(library, "curl_slist_free_all", api.slist_free_all) &&
            api.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  });
  return ready;
}

// Where the body goes, and how much of it is accepted (the limit follows the Content-Type the
// headers announced: documents may be larger than JSON answers).
struct BodySink {
  std::string* body;
  const std::map<std::string, std::string>* headers;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const auto type = sink->headers->find("content-type");
  const std::size_t limit =
      answer_byte_limit(type == sink->headers->end() ? std::string() : type->second);
  if (sink->body->size() + size * count > limit) {
    sink->too_large = true;
    return 0;  // curl stops reading: the rest is never held
  }
  sink->body->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
  }
  return size * count;
}

// curl's words, with what a technician should understand for the TLS cases.
std::string describe(CURLcode code) {
  std::string text = api.error_text(code);
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
      return "the server's certificate is not signed by the enrolled platform CA (" + text + ")";
    case CURLE_SSL_CONNECT_ERROR:
      return "TLS handshake failed; is this the enrolled platform? (" + text + ")";
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return "the terminal's TLS files cannot be used (" + text + ")";
    default:
      return text;
  }
}

}  // namespace

// No handle yet: libcurl is opened by the first request, on the thread that makes it.
HttpClient::HttpClient(TlsFiles tls) : curl_(nullptr), tls_(std::move(tls)) {}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) api.cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse, TransportError> HttpClient::perform(const HttpRequest& request) {
  if (!curl_ready())
    return fail(TransportError{CURLE_FAILED_INIT, "cannot open libcurl.so.4 (Debian: libcurl4)"});
  if (curl_ == nullptr) curl_ = api.init();
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) return fail(TransportError{CURLE_FAILED_INIT, "curl_easy_init failed"});
  api.reset(curl);  // keeps the connection cache
  HttpResponse response;
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    std::string header = name;
    header += ": ";
    header += value;
    headers = api.slist_append(headers, header.c_str());
  }
  api.setopt(curl, CURLOPT_URL, request.url.c_str());
  api.setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method != "GET") {
    api.setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    api.setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  api.setopt(curl, CURLOPT_HTTPHEADER, headers);
  api.setopt(curl, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  api.setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
  api.setopt(curl, CURLOPT_NOSIGNAL, 1L);
  api.setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  BodySink sink{&response.body, &response.headers};
  api.setopt(curl, CURLOPT_WRITEDATA, &sink);
  api.setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  api.setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  api.setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  api.setopt(curl, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  // Only the pinned CA is trusted: no system bundle, no CA directory.
  api.setopt(curl, CURLOPT_CAPATH, nullptr);
  api.setopt(curl, CURLOPT_CAINFO, tls_.ca_file.empty() ? nullptr : tls_.ca_file.c_str());
  if (!tls_.certificate_file.empty()) {
    api.setopt(curl, CURLOPT_SSLCERT, tls_.certificate_file.c_str());
    api.setopt(curl, CURLOPT_SSLKEY, tls_.key_file.c_str());
  }
  if (request.peek_chain) {
    api.setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    api.setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    api.setopt(curl, CURLOPT_CERTINFO, 1L);
    api.setopt(curl, CURLOPT_NOBODY, 1L);
    api.setopt(curl, CURLOPT_FORBID_REUSE, 1L);  // never reuse an unverified connection
  } else if (tls_.ca_file.empty() && request.url.rfind("https://", 0) == 0) {
    api.slist_free_all(headers);
    return fail(TransportError{CURLE_SSL_CACERT_BADFILE, "no pinned platform CA for HTTPS"});
  }
  const CURLcode code = api.perform(curl);
  api.slist_free_all(headers);
  if (sink.too_large) {
    return fail(TransportError{code, "the answer is larger than the contract allows", true});
  }
  if (code != CURLE_OK) return fail(TransportError{code, describe(code)});
  api.getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  if (request.peek_chain) {
    curl_certinfo* chain = nullptr;
    api.getinfo(curl, CURLINFO_CERTINFO, &chain);
    for (int i = 0; chain && i < chain->num_of_certs; ++i) {
      for (curl_slist* field = chain->certinfo[i]; field; field = field->next) {
        const std::string text = field->data;
        if (text.rfind("Cert:", 0) == 0) response.chain_pem.push_back(text.substr(5));
      }
    }
  }
  return response;
}

}  // namespace yiwang::kiosk
