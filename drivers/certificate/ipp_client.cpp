// IppClient: Get-Printer-Attributes, Print-Job, Get-Job-Attributes and Cancel-Job over libcups.
#include "certificate/ipp_client.h"

#include <cups/cups.h>
#include <dlfcn.h>

#include <mutex>

#include "common/library_symbol.h"

namespace yiwang::drivers {

namespace {

// libcups is opened with dlopen by the first IppClient (on the certificate printer's thread), not
// linked: linked, it and what it needs (avahi, GnuTLS, Kerberos, D-Bus...) were mapped and
// relocated before main on every start, also on kiosks without an A4 printer. Filled once, then
// only read. Only the calls below are used: a new one must be added here.
struct Cups {
  decltype(&::httpSeparateURI) separate_uri = nullptr;
  decltype(&::httpConnect2) connect = nullptr;
  decltype(&::httpClose) close = nullptr;
  decltype(&::cupsLastError) last_error = nullptr;
  decltype(&::cupsLastErrorString) last_error_string = nullptr;
  decltype(&::cupsDoRequest) do_request = nullptr;
  decltype(&::cupsSendRequest) send_request = nullptr;
  decltype(&::cupsWriteRequestData) write_request_data = nullptr;
  decltype(&::cupsGetResponse) get_response = nullptr;
  decltype(&::ippNewRequest) new_request = nullptr;
  decltype(&::ippAddString) add_string = nullptr;
  decltype(&::ippAddStrings) add_strings = nullptr;
  decltype(&::ippAddInteger) add_integer = nullptr;
  decltype(&::ippLength) length = nullptr;
  decltype(&::ippDelete) remove = nullptr;
  decltype(&::ippFindAttribute) find_attribute = nullptr;
  decltype(&::ippGetCount) get_count = nullptr;
  decltype(&::ippGetString) get_string = nullptr;
  decltype(&::ippGetInteger) get_integer = nullptr;
  decltype(&::ippGetBoolean) get_boolean = nullptr;
};
Cups cups;

// True once libcups is open with every call bound (the first caller opens it).
bool cups_ready() {
  static std::once_flag once;
  static bool ready = false;
  std::call_once(once, [] {
    void* library = dlopen("libcups.so.2", RTLD_NOW | RTLD_LOCAL);
    ready = library != nullptr && bind_symbol(library, "httpSeparateURI", cups.separate_uri) &&
            bind_symbol(library, "httpConnect2", cups.connect) &&
            bind_symbol(library, "httpClose", cups.close) &&
            bind_symbol(library, "cupsLastError", cups.last_error) &&
            bind_symbol(library, "cupsLastErrorString", cups.last_error_string) &&
            bind_symbol(library, "cupsDoRequest", cups.do_request) &&
            bind_symbol(library, "cupsSendRequest", cups.send_request) &&
            bind_symbol(library, "cupsWriteRequestData", cups.write_request_data) &&
            bind_symbol(library, "cupsGetResponse", cups.get_response) &&
            bind_symbol(library, "ippNewRequest", cups.new_request) &&
            bind_symbol(library, "ippAddString", cups.add_string) &&
            bind_symbol(library, "ippAddStrings", cups.add_strings) &&
            bind_symbol(library, "ippAddInteger", cups.add_integer) &&
            bind_symbol(library, "ippLength", cups.length) &&
            bind_symbol(library, "ippDelete", cups.remove) &&
            bind_symbol(library, "ippFindAttribute", cups.find_attribute) &&
            bind_symbol(library, "ippGetCount", cups.get_count) &&
            bind_symbol(library, "ippGetString", cups.get_string) &&
            bind_symbol(library, "ippGetInteger", cups.get_integer) &&
            bind_symbol(library, "ippGetBoolean", cups.get_boolean);
  });
  return ready;
}

http_t* as_http(void* p) { return static_cast<http_t*>(p); }

std::vector<std::string> keywords(ipp_t* response, const char* name) {
  std::vector<std::string> out;
  ipp_attribute_t* attribute = cups.find_attribute(response, name, IPP_TAG_KEYWORD);
  for (int i = 0; attribute != nullptr && i < cups.get_count(attribute); ++i) {
    const char* value = cups.get_string(attribute, i, nullptr);
    if (value != nullptr && std::string(value) != "none") out.emplace_back(value);
  }
  return out;
}

IppError last_error(const std::string& what) {
  const ipp_status_t status = cups.last_error();
  const bool unreachable =
      status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || status == IPP_STATUS_ERROR_INTERNAL;
  return {unreachable, status == IPP_STATUS_ERROR_BUSY, what + ": " + cups.last_error_string()};
}

}  // namespace

IppClient::IppClient(std::string uri, std::string host, int port, std::string resource)
    : uri_(std::move(uri)), host_(std::move(host)), port_(port), resource_(std::move(resource)) {}

IppClient::~IppClient() {
  if (http_ != nullptr) cups.close(as_http(http_));
}

Result<std::unique_ptr<IppClient>, IppError> IppClient::open(const std::string& uri) {
  if (!cups_ready())
    return fail(IppError{false, false, "cannot open libcups.so.2 (Debian: libcups2)"});
  char scheme[32];
  char user[256];
  char host[256];
  char resource[1024];
  int port = 0;
  if (cups.separate_uri(HTTP_URI_CODING_ALL, uri.c_str(), scheme, sizeof scheme, user, sizeof user,
                        host, sizeof host, &port, resource, sizeof resource) < HTTP_URI_STATUS_OK ||
      (std::string(scheme) != "ipp" && std::string(scheme) != "ipps"))
    return fail(IppError{false, false, "not an ipp:// printer URI: " + uri});
  return std::unique_ptr<IppClient>(new IppClient(uri, host, port, resource));
}

Result<Done, IppError> IppClient::connect() {
  if (http_ != nullptr) return Done{};
  http_ = cups.connect(host_.c_str(), port_, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                       5000, nullptr);
  if (http_ == nullptr)
    return fail(IppError{true, false, "cannot reach " + host_ + ":" + std::to_string(port_)});
  return Done{};
}

Result<IppPrinterState, IppError> IppClient::printer_state() {
  if (auto connected = connect(); !connected) return fail(connected.error());
  static const char* const kWanted[] = {"printer-state", "printer-state-reasons",
                                        "printer-is-accepting-jobs", "printer-state-message"};
  ipp_t* request = cups.new_request(IPP_OP_GET_PRINTER_ATTRIBUTES);
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  cups.add_strings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr,
                   kWanted);
  ipp_t* response = cups.do_request(as_http(http_), request, resource_.c_str());
  if (response == nullptr || cups.last_error() > IPP_STATUS_OK_CONFLICTING) {
    cups.remove(response);
    return fail(last_error("printer status"));
  }
  IppPrinterState state;
  state.state = cups.get_integer(cups.find_attribute(response, "printer-state", IPP_TAG_ENUM), 0);
  state.reasons = keywords(response, "printer-state-reasons");
  if (ipp_attribute_t* accepting =
          cups.find_attribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))
    state.accepting = cups.get_boolean(accepting, 0) != 0;
  if (ipp_attribute_t* message =
          cups.find_attribute(response, "printer-state-message", IPP_TAG_TEXT))
    state.message = cups.get_string(message, 0, nullptr);
  cups.remove(response);
  return state;
}

Result<int, IppError> IppClient::print_pdf(std::span<const std::uint8_t> pdf,
                                           const std::string& job_name) {
  if (auto connected = connect(); !connected) return fail(connected.error());
  ipp_t* request = cups.new_request(IPP_OP_PRINT_JOB);
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                  "kiosk");
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, job_name.c_str());
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                  "application/pdf");
  // The length is the whole body: the IPP message, then the document.
  if (cups.send_request(as_http(http_), request, resource_.c_str(),
                        cups.length(request) + pdf.size()) != HTTP_STATUS_CONTINUE) {
    cups.remove(request);
    return fail(last_error("send job"));
  }
  if (cups.write_request_data(as_http(http_), reinterpret_cast<const char*>(pdf.data()),
                              pdf.size()) != HTTP_STATUS_CONTINUE) {
    cups.remove(request);
    return fail(last_error("send document"));
  }
  ipp_t* response = cups.get_response(as_http(http_), resource_.c_str());
  cups.remove(request);
  if (response == nullptr || cups.last_error() > IPP_STATUS_OK_CONFLICTING) {
    cups.remove(response);
    return fail(last_error("print job refused"));
  }
  const int job_id = cups.get_integer(cups.find_attribute(response, "job-id", IPP_TAG_INTEGER), 0);
  cups.remove(response);
  if (job_id <= 0) return fail(IppError{false, false, "the printer gave no job id"});
  return job_id;
}

Result<IppJobState, IppError> IppClient::job_state(int job_id) {
  if (auto connected = connect(); !connected) return fail(connected.error());
  static const char* const kWanted[] = {"job-state", "job-state-reasons"};
  ipp_t* request = cups.new_request(IPP_OP_GET_JOB_ATTRIBUTES);
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  cups.add_integer(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                  "kiosk");
  cups.add_strings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, nullptr,
                   kWanted);
  ipp_t* response = cups.do_request(as_http(http_), request, resource_.c_str());
  if (response == nullptr || cups.last_error() > IPP_STATUS_OK_CONFLICTING) {
    cups.remove(response);
    return fail(last_error("job status"));
  }
  IppJobState state;
  state.state = cups.get_integer(cups.find_attribute(response, "job-state", IPP_TAG_ENUM), 0);
  state.reasons = keywords(response, "job-state-reasons");
  cups.remove(response);
  return state;
}

Result<Done, IppError> IppClient::cancel_job(int job_id) {
  if (auto connected = connect(); !connected) return fail(connected.error());
  ipp_t* request = cups.new_request(IPP_OP_CANCEL_JOB);
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  cups.add_integer(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  cups.add_string(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                  "kiosk");
  cups.remove(cups.do_request(as_http(http_), request, resource_.c_str()));
  if (cups.last_error() > IPP_STATUS_OK_CONFLICTING) return fail(last_error("cancel job"));
  return Done{};
}

}  // namespace yiwang::drivers
