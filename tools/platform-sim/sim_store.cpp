// SimStore: plain SQL over one connection guarded by the caller's lock.
#include "sim_store.h"

#include <ctime>
#include <stdexcept>

namespace yiwang::platform_sim {

namespace {

struct Query {
  Query(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("platform-sim SQL: ") + sqlite3_errmsg(db));
    }
  }
  ~Query() { sqlite3_finalize(statement); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query(Query&&) = delete;
  Query& operator=(Query&&) = delete;
  Query& text(int i, const std::string& v) {
    sqlite3_bind_text(statement, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Query& integer(int i, long long v) {
    sqlite3_bind_int64(statement, i, v);
    return *this;
  }
  bool row() { return sqlite3_step(statement) == SQLITE_ROW; }
  std::string column_text(int i) {
    const auto* p = sqlite3_column_text(statement, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  long long column_integer(int i) { return sqlite3_column_int64(statement, i); }
  sqlite3_stmt* statement = nullptr;
};

}  // namespace

SimStore::SimStore(const std::string& path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
    sqlite3_close(db_);
    db_ = nullptr;
    return;
  }
  sqlite3_busy_timeout(db_, 5000);
  exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS idempotency (scope TEXT, key TEXT, request TEXT, status INTEGER,"
      "  response TEXT, in_progress INTEGER, created INTEGER, PRIMARY KEY (scope, key));"
      "CREATE TABLE IF NOT EXISTS persons (token TEXT PRIMARY KEY, id_number TEXT,"
      "  display_name TEXT, expires INTEGER);"
      "CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER);"
      "CREATE TABLE IF NOT EXISTS cases (case_id TEXT PRIMARY KEY, local_id TEXT,"
      "  id_number TEXT, person_token TEXT, body TEXT);"
      "CREATE TABLE IF NOT EXISTS evaluations (evaluation_id TEXT PRIMARY KEY, body TEXT);"
      "CREATE TABLE IF NOT EXISTS heartbeats (terminal_id TEXT PRIMARY KEY, body TEXT,"
      "  at INTEGER);"
      "CREATE TABLE IF NOT EXISTS enrollment_tokens (token TEXT PRIMARY KEY, used_by TEXT,"
      "  expires INTEGER);"
      "CREATE TABLE IF NOT EXISTS terminals (terminal_id TEXT PRIMARY KEY, serial TEXT,"
      "  enrolled INTEGER, disabled INTEGER);"
      "CREATE TABLE IF NOT EXISTS commands (terminal_id TEXT, id TEXT, body TEXT, acked INTEGER,"
      "  result TEXT, PRIMARY KEY (terminal_id, id));"
      "CREATE TABLE IF NOT EXISTS payments (order_id TEXT PRIMARY KEY, body TEXT);"
      "CREATE TABLE IF NOT EXISTS help_requests (request_id TEXT PRIMARY KEY, body TEXT);"
      "CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, terminal_id TEXT,"
      "  size INTEGER, at INTEGER);"
      // A record still in progress when the simulator starts belongs to a request that died
      // with the previous process: its key must not answer request_in_progress for ever.
      "DELETE FROM idempotency WHERE in_progress = 1;");
}

SimStore::~SimStore() { sqlite3_close(db_); }

void SimStore::exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error("platform-sim SQL: " + message);
  }
}

std::optional<StoredResponse> SimStore::idempotency(const std::string& scope,
                                                    const std::string& key,
                                                    long long stale_before) {
  {
    Query stale(db_,
                "DELETE FROM idempotency WHERE scope = ? AND key = ? AND in_progress = 1 "
                "AND created < ?");
    stale.text(1, scope).text(2, key).integer(3, stale_before);
    stale.row();
  }
  Query q(db_,
          "SELECT status, response, in_progress, request FROM idempotency "
          "WHERE scope = ? AND key = ?");
  q.text(1, scope).text(2, key);
  if (!q.row()) return std::nullopt;
  return StoredResponse{static_cast<int>(q.column_integer(0)), q.column_text(1),
                        q.column_integer(2) != 0, q.column_text(3)};
}

void SimStore::begin_idempotent(const std::string& scope, const std::string& key,
                                const std::string& body) {
  Query q(db_,
          "INSERT INTO idempotency (scope, key, request, status, response, in_progress, "
          "created) VALUES (?, ?, ?, 0, '', 1, ?)");
  q.text(1, scope).text(2, key).text(3, body).integer(4, std::time(nullptr));
  q.row();
}

void SimStore::finish_idempotent(const std::string& scope, const std::string& key, int status,
                                 const std::string& response) {
  Query q(db_,
          "UPDATE idempotency SET status = ?, response = ?, in_progress = 0 "
          "WHERE scope = ? AND key = ?");
  q.integer(1, status).text(2, response).text(3, scope).text(4, key);
  q.row();
}

void SimStore::forget_idempotent(const std::string& scope, const std::string& key) {
  Query q(db_, "DELETE FROM idempotency WHERE scope = ? AND key = ?");
  q.text(1, scope).text(2, key);
  q.row();
}

void SimStore::put_person(const std::string& token, const Person& person) {
  Query q(db_, "INSERT OR REPLACE INTO persons VALUES (?, ?, ?, ?)");
  q.text(1, token).text(2, person.id_number).text(3, person.display_name);
  q.integer(4, person.expires_unix);
  q.row();
}

std::optional<Person> SimStore::person(const std::string& token) {
  Query q(db_, "SELECT id_number, display_name, expires FROM persons WHERE token = ?");
  q.text(1, token);
  if (!q.row()) return std::nullopt;
  return Person{q.column_text(0), q.column_text(1), q.column_integer(2)};
}

long long SimStore::next_sequence(const std::string& name) {
  Query bump(db_,
             "INSERT INTO sequences VALUES (?, 1) "
             "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value");
  bump.text(1, name);
  return bump.row() ? bump.column_integer(0) : 0;
}

void SimStore::insert_case(const nlohmann::json& stored_case, const std::string& id_number) {
  Query q(db_, "INSERT INTO cases VALUES (?, ?, ?, ?, ?)");
  q.text(1, stored_case.at("case_id").get<std::string>());
  q.text(2, stored_case.value("local_id", ""));
  q.text(3, id_number);
  q.text(4, stored_case.value("person_token", ""));
  q.text(5, stored_case.dump());
  q.row();
}

void SimStore::update_case(const nlohmann::json& stored_case) {
  Query q(db_, "UPDATE cases SET body = ? WHERE case_id = ?");
  q.text(1, stored_case.dump()).text(2, stored_case.at("case_id").get<std::string>());
  q.row();
}

std::optional<nlohmann::json> SimStore::case_by_id(const std::string& case_id) {
  auto found = cases_where("case_id", case_id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<nlohmann::json> SimStore::cases_where(const std::string& column,
                                                  const std::string& value) {
  // column is one of a fixed set chosen by the handlers, never request text.
  const std::string sql = "SELECT body FROM cases WHERE " + column + " = ? ORDER BY rowid";
  Query q(db_, sql.c_str());
  q.text(1, value);
  std::vector<nlohmann::json> cases;
  while (q.row()) cases.push_back(nlohmann::json::parse(q.column_text(0)));
  return cases;
}

std::vector<nlohmann::json> SimStore::all_cases() {
  Query q(db_, "SELECT body, id_number FROM cases ORDER BY rowid");
  std::vector<nlohmann::json> cases;
  while (q.row()) {
    auto stored = nlohmann::json::parse(q.column_text(0));
    stored["applicant_id_number"] = q.column_text(1);
    cases.push_back(std::move(stored));
  }
  return cases;
}

void SimStore::insert_evaluation(const std::string& evaluation_id,
                                 const nlohmann::json& evaluation) {
  Query q(db_, "INSERT INTO evaluations VALUES (?, ?)");
  q.text(1, evaluation_id).text(2, evaluation.dump());
  q.row();
}

bool SimStore::case_evaluated(const std::string& case_id) {
  Query q(db_, "SELECT 1 FROM evaluations WHERE json_extract(body, '$.case_id') = ? LIMIT 1");
  q.text(1, case_id);
  return q.row();
}

// Every row of a table kept as (id, JSON body), in insertion order: each body with its id added
// under id_key.
std::vector<nlohmann::json> SimStore::bodies_with_ids(const char* sql, const char* id_key) {
  Query q(db_, sql);
  std::vector<nlohmann::json> rows;
  while (q.row()) {
    auto stored = nlohmann::json::parse(q.column_text(1));
    stored[id_key] = q.column_text(0);
    rows.push_back(std::move(stored));
  }
  return rows;
}

std::vector<nlohmann::json> SimStore::all_evaluations() {
  return bodies_with_ids("SELECT evaluation_id, body FROM evaluations ORDER BY rowid",
                         "evaluation_id");
}

void SimStore::insert_help_request(const std::string& request_id, const nlohmann::json& request) {
  Query q(db_, "INSERT INTO help_requests VALUES (?, ?)");
  q.text(1, request_id).text(2, request.dump());
  q.row();
}

std::vector<nlohmann::json> SimStore::all_help_requests() {
  return bodies_with_ids("SELECT request_id, body FROM help_requests ORDER BY rowid", "request_id");
}

void SimStore::record_heartbeat(const std::string& terminal_id, const std::string& body) {
  Query q(db_, "INSERT OR REPLACE INTO heartbeats VALUES (?, ?, ?)");
  q.text(1, terminal_id).text(2, body).integer(3, std::time(nullptr));
  q.row();
}

void SimStore::add_command(const std::string& terminal_id, const std::string& id,
                           const std::string& body) {
  Query q(db_, "INSERT OR IGNORE INTO commands VALUES (?, ?, ?, 0, NULL)");
  q.text(1, terminal_id).text(2, id).text(3, body);
  q.row();
}

nlohmann::json SimStore::pending_commands(const std::string& terminal_id) {
  Query q(db_, "SELECT body FROM commands WHERE terminal_id = ? AND acked = 0 ORDER BY rowid");
  q.text(1, terminal_id);
  auto commands = nlohmann::json::array();
  while (q.row()) commands.push_back(nlohmann::json::parse(q.column_text(0), nullptr, false));
  return commands;
}

void SimStore::ack_command(const std::string& terminal_id, const std::string& id) {
  Query q(db_, "UPDATE commands SET acked = 1 WHERE terminal_id = ? AND id = ?");
  q.text(1, terminal_id).text(2, id);
  q.row();
}

void SimStore::finish_command(const std::string& terminal_id, const std::string& id,
                              const std::string& result) {
  Query q(db_, "UPDATE commands SET acked = 1, result = ? WHERE terminal_id = ? AND id = ?");
  q.text(1, result).text(2, terminal_id).text(3, id);
  q.row();
}

void SimStore::record_upload(const std::string& upload_id, const std::string& terminal_id,
                             long long size) {
  Query q(db_, "INSERT INTO uploads VALUES (?, ?, ?, ?)");
  q.text(1, upload_id).text(2, terminal_id).integer(3, size).integer(4, std::time(nullptr));
  q.row();
}

void SimStore::insert_payment(const nlohmann::json& order) {
  Query q(db_, "INSERT INTO payments VALUES (?, ?)");
  q.text(1, order.at("order_id").get<std::string>()).text(2, order.dump());
  q.row();
}

std::optional<nlohmann::json> SimStore::payment(const std::string& order_id) {
  Query q(db_, "SELECT body FROM payments WHERE order_id = ?");
  q.text(1, order_id);
  if (!q.row()) return std::nullopt;
  return nlohmann::json::parse(q.column_text(0), nullptr, false);
}

void SimStore::update_payment(const nlohmann::json& order) {
  Query q(db_, "UPDATE payments SET body = ? WHERE order_id = ?");
  q.text(1, order.dump()).text(2, order.at("order_id").get<std::string>());
  q.row();
}

std::vector<nlohmann::json> SimStore::all_payments() {
  Query q(db_, "SELECT body FROM payments ORDER BY rowid");
  std::vector<nlohmann::json> orders;
  while (q.row()) {
    auto order = nlohmann::json::parse(q.column_text(0), nullptr, false);
    if (!order.is_discarded()) orders.push_back(std::move(order));
  }
  return orders;
}

nlohmann::json SimStore::terminal_view(const std::string& terminal_id) {
  nlohmann::json view = {{"terminal_id", terminal_id},
                         {"heartbeat", nullptr},
                         {"commands", nlohmann::json::array()},
                         {"uploads", nlohmann::json::array()}};
  {
    Query q(db_, "SELECT body FROM heartbeats WHERE terminal_id = ?");
    q.text(1, terminal_id);
    if (q.row()) view["heartbeat"] = nlohmann::json::parse(q.column_text(0), nullptr, false);
  }
  {
    Query q(db_, "SELECT body, acked, result FROM commands WHERE terminal_id = ? ORDER BY rowid");
    q.text(1, terminal_id);
    while (q.row()) {
      auto command = nlohmann::json::parse(q.column_text(0), nullptr, false);
      command["acked"] = q.column_integer(1) != 0;
      const std::string result = q.column_text(2);
      command["result"] =
          result.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(result, nullptr, false);
      view["commands"].push_back(std::move(command));
    }
  }
  {
    Query q(db_, "SELECT upload_id, size FROM uploads WHERE terminal_id = ? ORDER BY rowid");
    q.text(1, terminal_id);
    while (q.row()) {
      view["uploads"].push_back({{"upload_id", q.column_text(0)}, {"size", q.column_integer(1)}});
    }
  }
  return view;
}

void SimStore::add_token(const std::string& token, long long expires_unix) {
  Query q(db_, "INSERT OR IGNORE INTO enrollment_tokens VALUES (?, '', ?)");
  q.text(1, token).integer(2, expires_unix);
  q.row();
}

std::optional<EnrollmentToken> SimStore::token(const std::string& token) {
  Query q(db_, "SELECT used_by, expires FROM enrollment_tokens WHERE token = ?");
  q.text(1, token);
  if (!q.row()) return std::nullopt;
  return EnrollmentToken{token, q.column_text(0), q.column_integer(1)};
}

void SimStore::use_token(const std::string& token, const std::string& terminal_id) {
  Query q(db_, "UPDATE enrollment_tokens SET used_by = ? WHERE token = ?");
  q.text(1, terminal_id).text(2, token);
  q.row();
}

void SimStore::add_terminal(const std::string& terminal_id, const std::string& serial_number) {
  Query q(db_, "INSERT OR REPLACE INTO terminals VALUES (?, ?, ?, 0)");
  q.text(1, terminal_id).text(2, serial_number).integer(3, std::time(nullptr));
  q.row();
}

std::optional<bool> SimStore::terminal_disabled(const std::string& terminal_id) {
  Query q(db_, "SELECT disabled FROM terminals WHERE terminal_id = ?");
  q.text(1, terminal_id);
  if (!q.row()) return std::nullopt;
  return q.column_integer(0) != 0;
}

void SimStore::set_terminal_disabled(const std::string& terminal_id, bool disabled) {
  Query q(db_, "UPDATE terminals SET disabled = ? WHERE terminal_id = ?");
  q.integer(1, disabled ? 1 : 0).text(2, terminal_id);
  q.row();
}

}  // namespace yiwang::platform_sim
