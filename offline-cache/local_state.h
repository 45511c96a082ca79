// The terminal's small durable state: the cached catalog and counters such as the daily local
// number.
#pragma once

#include <optional>
#include <string>

#include "database.h"

namespace yiwang::store {

struct CachedCatalog {
  std::string version;
  std::string etag;
  std::string body;
  long long fetched_ms = 0;
};

class LocalState {
 public:
  explicit LocalState(Database& database) : database_(database) {}

  std::optional<CachedCatalog> catalog();
  // The cached catalog's version, ETag and time without its text (a county's is megabytes):
  // `body` stays empty.
  std::optional<CachedCatalog> catalog_header();
  StoreStatus store_catalog(const CachedCatalog& catalog);

  // The next sequence number for a day ("20261121"): 1, 2, 3 ... durable across restarts.
  std::optional<int> next_daily_sequence(const std::string& day);

  std::optional<std::string> value(const std::string& key);
  StoreStatus set_value(const std::string& key, const std::string& value);

 private:
  Database& database_;
};

}  // namespace yiwang::store
