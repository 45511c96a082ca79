// The catalog in pages (an extension where the contract is silent: "page" and "pages").
#include "platform/catalog_fetch.h"

namespace yiwang::kiosk {

namespace {

PlatformError changed(const std::string& detail) {
  PlatformError error;
  error.error_class = ErrorClass::transient;
  error.code = "catalog_paging";
  error.title = "The catalog could not be read page by page";
  error.detail = detail;
  return error;
}

}  // namespace

PlatformResult fetch_catalog(PlatformClient& client, const std::string& etag) {
  auto first = client.get("/v1/catalog", etag);
  if (!first || first.value().status == 304) return first;
  nlohmann::json& catalog = first.value().body;
  const auto pages_field = catalog.find("pages");
  if (pages_field == catalog.end()) return first;  // a whole catalog in one answer
  if (!pages_field->is_number_integer() || pages_field->get<long long>() < 1 ||
      pages_field->get<long long>() > kMaxCatalogPages) {
    return fail(changed("pages is not a number from 1 to " + std::to_string(kMaxCatalogPages)));
  }
  const int pages = pages_field->get<int>();
  const std::string version = catalog.value("version", "");
  for (int page = 2; page <= pages; ++page) {
    auto next = client.get("/v1/catalog?page=" + std::to_string(page));
    if (!next) return next;
    const nlohmann::json& body = next.value().body;
    if (next.value().status != 200 || body.value("version", "") != version ||
        next.value().etag != first.value().etag || body.value("page", 0) != page) {
      return fail(changed("page " + std::to_string(page) + " is of another catalog version"));
    }
    for (const auto& item : body.at("items")) catalog["items"].push_back(item);
  }
  catalog.erase("page");
  catalog.erase("pages");
  return first;
}

}  // namespace yiwang::kiosk
