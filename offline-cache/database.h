// One SQLite connection to the kiosk's state file: WAL, synchronous=FULL, schema migrated on open.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store_status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace yiwang::store {

class Database;

struct OpenedDatabase {
  StoreStatus status;
  std::unique_ptr<Database> database;
};

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text);
  Statement& bind_blob(int index, const std::string& bytes);
  Statement& bind(int index, long long value);
  Statement& bind_null(int index);
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  // Ready to bind and step again (a prepared statement kept for reuse).
  void reset();
  std::string text(int column) const;
  std::string blob(int column) const;
  long long integer(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3_stmt* statement_ = nullptr;
};

class Database {
 public:
  // Each thread that touches the store opens its own connection to the same file.
  static OpenedDatabase open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() { return db_; }
  StoreStatus execute(const char* sql);
  // Runs body inside BEGIN IMMEDIATE ... COMMIT; rolls back when body reports an error.
  StoreStatus transaction(const std::function<StoreStatus()>& body);
  StoreStatus status_from(int code, const std::string& what);

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  StoreStatus migrate();
  StoreStatus ensure_incremental_vacuum();
  sqlite3* db_;
};

}  // namespace yiwang::store
