// IppClient: Get-Printer-Attributes, Print-Job, Get-Job-Attributes and Cancel-Job over libcups.
#include "certificate/ipp_client.h"

#include <cups/cups.h>

namespace yiwang::drivers {

namespace {

http_t* as_http(void* p) { return static_cast<http_t*>(p); }

std::vector<std::string> keywords(ipp_t* response, const char* name) {
  std::vector<std::string> out;
  ipp_attribute_t* attribute = ippFindAttribute(response, name, IPP_TAG_KEYWORD);
  for (int i = 0; attribute != nullptr && i < ippGetCount(attribute); ++i) {
    const char* value = ippGetString(attribute, i, nullptr);
    if (value != nullptr && std::string(value) != "none") out.emplace_back(value);
  }
  return out;
}

IppError last_error(const std::string& what) {
  const ipp_status_t status = cupsLastError();
  const bool unreachable =
      status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || status == IPP_STATUS_ERROR_INTERNAL;
  return {unreachable, status == IPP_STATUS_ERROR_BUSY, what + ": " + cupsLastErrorString()};
}

}  // namespace

IppClient::IppClient(std::string uri, std::string host, int port, std::string resource)
    : uri_(std::move(uri)), host_(std::move(host)), port_(port), resource_(std::move(resource)) {}

IppClient::~IppClient() {
  if (http_ != nullptr) httpClose(as_http(http_));
}

Result<std::unique_ptr<IppClient>, IppError> IppClient::open(const std::string& uri) {
  char scheme[32];
  char user[256];
  char host[256];
  char resource[1024];
  int port = 0;
  if (httpSeparateURI(HTTP_URI_CODING_ALL, uri.c_str(), scheme, sizeof scheme, user, sizeof user,
                      host, sizeof host, &port, resource, sizeof resource) < HTTP_URI_STATUS_OK ||
      (std::string(scheme) != "ipp" && std::string(scheme) != "ipps"))
    return fail(IppError{false, false, "not an ipp:// printer URI: " + uri});
  return std::unique_ptr<IppClient>(new IppClient(uri, host, port, resource));
}

Result<Done, IppError> IppClient::connect() {
  if (http_ != nullptr) return Done{};
  http_ = httpConnect2(host_.c_str(), port_, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                       5000, nullptr);
  if (http_ == nullptr)
    return fail(IppError{true, false, "cannot reach " + host_ + ":" + std::to_string(port_)});
  return Done{};
}

Result<IppPrinterState, IppError> IppClient::printer_state() {
  if (auto connected = connect(); !connected) return fail(connected.error());
  static const char* const kWanted[] = {"printer-state", "printer-state-reasons",
                                        "printer-is-accepting-jobs", "printer-state-message"};
  ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr,
                kWanted);
  ipp_t* response = cupsDoRequest(as_http(http_), request, resource_.c_str());
  if (response == nullptr || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
    ippDelete(response);
    return fail(last_error("printer status"));
  }
  IppPrinterState state;
  state.state = ippGetInteger(ippFindAttribute(response, "printer-state", IPP_TAG_ENUM), 0);
  state.reasons = keywords(response, "printer-state-reasons");
  if (ipp_attribute_t* accepting =
          ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))
    state.accepting = ippGetBoolean(accepting, 0) != 0;
  if (ipp_attribute_t* message = ippFindAttribute(response, "printer-state-message", IPP_TAG_TEXT))
    state.message = ippGetString(message, 0, nullptr);
  ippDelete(response);
  return state;
}

Result<int, IppError> IppClient::print_pdf(std::span<const std::uint8_t> pdf,
                                           const std::string& job_name) {
  if (auto connected = connect(); !connected) return fail(connected.error());
  ipp_t* request = ippNewRequest(IPP_OP_PRINT_JOB);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, "kiosk");
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, job_name.c_str());
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
               "application/pdf");
  // The length is the whole body: the IPP message, then the document.
  if (cupsSendRequest(as_http(http_), request, resource_.c_str(),
                      ippLength(request) + pdf.size()) != HTTP_STATUS_CONTINUE) {
    ippDelete(request);
    return fail(last_error("send job"));
  }
  if (cupsWriteRequestData(as_http(http_), reinterpret_cast<const char*>(pdf.data()), pdf.size()) !=
      HTTP_STATUS_CONTINUE) {
    ippDelete(request);
    return fail(last_error("send document"));
  }
  ipp_t* response = cupsGetResponse(as_http(http_), resource_.c_str());
  ippDelete(request);
  if (response == nullptr || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
    ippDelete(response);
    return fail(last_error("print job refused"));
  }
  const int job_id = ippGetInteger(ippFindAttribute(response, "job-id", IPP_TAG_INTEGER), 0);
  ippDelete(response);
  if (job_id <= 0) return fail(IppError{false, false, "the printer gave no job id"});
  return job_id;
}

Result<IppJobState, IppError> IppClient::job_state(int job_id) {
  if (auto connected = connect(); !connected) return fail(connected.error());
  static const char* const kWanted[] = {"job-state", "job-state-reasons"};
  ipp_t* request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, "kiosk");
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, nullptr,
                kWanted);
  ipp_t* response = cupsDoRequest(as_http(http_), request, resource_.c_str());
  if (response == nullptr || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
    ippDelete(response);
    return fail(last_error("job status"));
  }
  IppJobState state;
  state.state = ippGetInteger(ippFindAttribute(response, "job-state", IPP_TAG_ENUM), 0);
  state.reasons = keywords(response, "job-state-reasons");
  ippDelete(response);
  return state;
}

Result<Done, IppError> IppClient::cancel_job(int job_id) {
  if (auto connected = connect(); !connected) return fail(connected.error());
  ipp_t* request = ippNewRequest(IPP_OP_CANCEL_JOB);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
  ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, "kiosk");
  ippDelete(cupsDoRequest(as_http(http_), request, resource_.c_str()));
  if (cupsLastError() > IPP_STATUS_OK_CONFLICTING) return fail(last_error("cancel job"));
  return Done{};
}

}  // namespace yiwang::drivers
