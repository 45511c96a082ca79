// The platform simulator's own storage: cases, evaluations, person tokens, idempotency records.
#pragma once

#include <sqlite3.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace yiwang::platform_sim {

struct StoredResponse {
  int status = 0;
  std::string body;
  bool in_progress = false;
  std::string request_body;
};

struct EnrollmentToken {
  std::string token;
  std::string used_by;  // terminal id, empty while unused
  long long expires_unix = 0;
};

struct Person {
  std::string id_number;
  std::string display_name;
  long long expires_unix = 0;
};

class SimStore {
 public:
  explicit SimStore(const std::string& path);
  ~SimStore();
  SimStore(const SimStore&) = delete;
  SimStore& operator=(const SimStore&) = delete;
  bool ok() const { return db_ != nullptr; }

  // All access is serialised: the simulator favours being obviously right over being fast.
  std::mutex& mutex() { return mutex_; }

  // The record under a key. One still "in progress" that began before stale_before (Unix time)
  // belongs to a request that never finished (its process died): it is deleted, and nullopt.
  std::optional<StoredResponse> idempotency(const std::string& scope, const std::string& key,
                                            long long stale_before);
  void begin_idempotent(const std::string& scope, const std::string& key, const std::string& body);
  void finish_idempotent(const std::string& scope, const std::string& key, int status,
                         const std::string& response);
  void forget_idempotent(const std::string& scope, const std::string& key);

  void put_person(const std::string& token, const Person& person);
  std::optional<Person> person(const std::string& token);

  long long next_sequence(const std::string& name);
  void insert_case(const nlohmann::json& stored_case, const std::string& id_number);
  void update_case(const nlohmann::json& stored_case);
  std::optional<nlohmann::json> case_by_id(const std::string& case_id);
  std::vector<nlohmann::json> cases_where(const std::string& column, const std::string& value);
  std::vector<nlohmann::json> all_cases();
  void insert_evaluation(const std::string& evaluation_id, const nlohmann::json& evaluation);
  std::vector<nlohmann::json> all_evaluations();
  // Whether an evaluation for this case has arrived (好差评: one per case).
  bool case_evaluated(const std::string& case_id);
  void record_heartbeat(const std::string& terminal_id, const std::string& body);
  // 帮办 requests as received ({"item_code", "reason", "at", "terminal_id"}): for tests.
  void insert_help_request(const std::string& request_id, const nlohmann::json& request);
  std::vector<nlohmann::json> all_help_requests();

  // Heartbeat commands: queued by the control surface, sent until acknowledged, each run once.
  void add_command(const std::string& terminal_id, const std::string& id, const std::string& body);
  nlohmann::json pending_commands(const std::string& terminal_id);
  void ack_command(const std::string& terminal_id, const std::string& id);
  void finish_command(const std::string& terminal_id, const std::string& id,
                      const std::string& result);
  void record_upload(const std::string& upload_id, const std::string& terminal_id, long long size);

  // Payment orders: {"order_id", "case_id", "amount_fen", "status", "expires_unix", "paid_at"}.
  void insert_payment(const nlohmann::json& order);
  std::optional<nlohmann::json> payment(const std::string& order_id);
  void update_payment(const nlohmann::json& order);
  std::vector<nlohmann::json> all_payments();
  // Last heartbeat, commands with their results, uploads: for tests.
  nlohmann::json terminal_view(const std::string& terminal_id);

  void add_token(const std::string& token, long long expires_unix);
  std::optional<EnrollmentToken> token(const std::string& token);
  void use_token(const std::string& token, const std::string& terminal_id);
  void add_terminal(const std::string& terminal_id, const std::string& serial_number);
  // nullopt for a terminal never enrolled here.
  std::optional<bool> terminal_disabled(const std::string& terminal_id);
  void set_terminal_disabled(const std::string& terminal_id, bool disabled);

 private:
  void exec(const char* sql);
  std::vector<nlohmann::json> bodies_with_ids(const char* sql, const char* id_key);
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

}  // namespace yiwang::platform_sim
