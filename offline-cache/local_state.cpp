// Catalog cache row and key-value counters.
#include "local_state.h"

#include <sqlite3.h>

namespace yiwang::store {

std::optional<CachedCatalog> LocalState::catalog() {
  Statement statement(database_.handle(),
                      "SELECT version, etag, body, fetched_ms FROM catalog WHERE id = 1");
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  return CachedCatalog{statement.text(0), statement.text(1), statement.text(2),
                       statement.integer(3)};
}

std::optional<CachedCatalog> LocalState::catalog_header() {
  Statement statement(database_.handle(),
                      "SELECT version, etag, fetched_ms FROM catalog WHERE id = 1");
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  return CachedCatalog{statement.text(0), statement.text(1), "", statement.integer(2)};
}

StoreStatus LocalState::store_catalog(const CachedCatalog& catalog) {
  Statement statement(database_.handle(),
                      "INSERT OR REPLACE INTO catalog (id, version, etag, body, fetched_ms) "
                      "VALUES (1, ?, ?, ?, ?)");
  statement.bind(1, catalog.version).bind(2, catalog.etag).bind(3, catalog.body);
  statement.bind(4, catalog.fetched_ms);
  return database_.status_from(statement.step(), "store catalog");
}

std::optional<std::string> LocalState::value(const std::string& key) {
  Statement statement(database_.handle(), "SELECT value FROM local_state WHERE key = ?");
  statement.bind(1, key);
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  return statement.text(0);
}

StoreStatus LocalState::set_value(const std::string& key, const std::string& value) {
  Statement statement(database_.handle(),
                      "INSERT OR REPLACE INTO local_state (key, value) VALUES (?, ?)");
  statement.bind(1, key).bind(2, value);
  return database_.status_from(statement.step(), "set " + key);
}

std::optional<int> LocalState::next_daily_sequence(const std::string& day) {
  std::optional<int> result;
  StoreStatus status = database_.transaction([&] {
    const std::string key = "sequence." + day;
    const int next = std::stoi(value(key).value_or("0")) + 1;
    StoreStatus stored = set_value(key, std::to_string(next));
    if (stored.ok()) result = next;
    return stored;
  });
  if (!status.ok()) return std::nullopt;
  return result;
}

}  // namespace yiwang::store
