// CommandLog: small SQL over the commands table (schema 5).
#include "command_log.h"

#include <sqlite3.h>

namespace yiwang::store {

namespace {

constexpr const char* kColumns = "SELECT id, type, body, state, ok, detail FROM commands ";

StoredCommand command_from(const Statement& row) {
  return {row.text(0), row.text(1), row.text(2), row.text(3), row.integer(4) != 0, row.text(5)};
}

std::vector<StoredCommand> select(Database& database, const std::string& where) {
  Statement rows(database.handle(), (kColumns + where + " ORDER BY received_ms, rowid").c_str());
  std::vector<StoredCommand> out;
  while (rows.step() == SQLITE_ROW) out.push_back(command_from(rows));
  return out;
}

void set_flag(Database& database, const char* sql, const std::vector<std::string>& ids) {
  Statement update(database.handle(), sql);
  for (const auto& id : ids) {
    update.bind(1, id);
    update.step();
    update.reset();
  }
}

}  // namespace

bool CommandLog::receive(const std::string& id, const std::string& type, const std::string& body,
                         long long now_ms) {
  Statement insert(database_.handle(),
                   "INSERT OR IGNORE INTO commands (id, type, body, state, received_ms) "
                   "VALUES (?1, ?2, ?3, 'received', ?4)");
  insert.bind(1, id).bind(2, type).bind(3, body).bind(4, now_ms);
  return insert.step() == SQLITE_DONE && sqlite3_changes(database_.handle()) == 1;
}

bool CommandLog::start(const std::string& id, long long now_ms) {
  Statement update(database_.handle(),
                   "UPDATE commands SET state = 'running', started_ms = ?2 "
                   "WHERE id = ?1 AND state = 'received'");
  update.bind(1, id).bind(2, now_ms);
  return update.step() == SQLITE_DONE && sqlite3_changes(database_.handle()) == 1;
}

StoreStatus CommandLog::finish(const std::string& id, bool ok, const std::string& detail,
                               long long now_ms) {
  Statement update(database_.handle(),
                   "UPDATE commands SET state = 'done', ok = ?2, detail = ?3, finished_ms = ?4 "
                   "WHERE id = ?1 AND state != 'done'");
  update.bind(1, id).bind(2, ok ? 1LL : 0LL).bind(3, detail).bind(4, now_ms);
  return database_.status_from(update.step(), "command " + id);
}

int CommandLog::close_interrupted(long long now_ms) {
  Statement update(
      database_.handle(),
      "UPDATE commands SET state = 'done', ok = 0, finished_ms = ?1, detail = "
      "'interrupted by a restart of the kiosk; not run again' WHERE state = 'running'");
  update.bind(1, now_ms);
  update.step();
  return sqlite3_changes(database_.handle());
}

std::vector<StoredCommand> CommandLog::waiting() {
  return select(database_, "WHERE state = 'received'");
}

std::vector<std::string> CommandLog::to_acknowledge() {
  std::vector<std::string> ids;
  for (const auto& c : select(database_, "WHERE acked = 0")) ids.push_back(c.id);
  return ids;
}

std::vector<StoredCommand> CommandLog::to_report() {
  return select(database_, "WHERE state = 'done' AND reported = 0");
}

void CommandLog::acknowledged(const std::vector<std::string>& ids) {
  set_flag(database_, "UPDATE commands SET acked = 1 WHERE id = ?1", ids);
}

void CommandLog::reported(const std::vector<std::string>& ids) {
  set_flag(database_, "UPDATE commands SET reported = 1 WHERE id = ?1", ids);
}

std::vector<StoredCommand> CommandLog::all() { return select(database_, ""); }

}  // namespace yiwang::store
