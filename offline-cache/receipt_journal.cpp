// ReceiptJournal: small SQL over the receipts and audit tables.
#include "receipt_journal.h"

#include <sqlite3.h>

#include "audit_chain.h"

namespace yiwang::store {

namespace {

ReceiptRecord receipt_from(Statement& row) {
  ReceiptRecord r;
  r.job_id = row.text(0);
  r.local_id = row.text(1);
  r.reprint = row.integer(2) != 0;
  r.state = row.text(3);
  r.reason = row.is_null(4) ? "" : row.text(4);
  r.created_ms = row.integer(5);
  r.updated_ms = row.integer(6);
  r.stage = row.text(7);
  return r;
}

constexpr const char* kColumns =
    "SELECT r.job_id, r.local_id, r.reprint, r.state, r.reason, r.created_ms, r.updated_ms, "
    "r.stage ";

}  // namespace

StoreStatus ReceiptJournal::begin(const std::string& job_id, const std::string& local_id,
                                  bool reprint, const std::string& content, long long now_ms) {
  Statement insert(database_.handle(),
                   "INSERT INTO receipts (job_id, local_id, reprint, state, content, created_ms, "
                   "updated_ms) VALUES (?1, ?2, ?3, 'sending', ?5, ?4, ?4)");
  insert.bind(1, job_id).bind(2, local_id).bind(3, reprint ? 1LL : 0LL).bind(4, now_ms);
  insert.bind(5, content);
  const int rc = insert.step();
  if (rc == SQLITE_CONSTRAINT)
    return {StoreErrorKind::alreadyExists,
            "receipt " + job_id + " was already sent to the printer"};
  return database_.status_from(rc, "journal receipt");
}

StoreStatus ReceiptJournal::finish(const std::string& job_id, bool printed,
                                   const std::string& reason, long long now_ms) {
  Statement update(
      database_.handle(),
      "UPDATE receipts SET state = ?2, reason = ?3, updated_ms = ?4 WHERE job_id = ?1");
  update.bind(1, job_id).bind(2, std::string(printed ? "printed" : "not_printed"));
  if (reason.empty()) {
    update.bind_null(3);
  } else {
    update.bind(3, reason);
  }
  update.bind(4, now_ms);
  return database_.status_from(update.step(), "journal receipt outcome");
}

bool ReceiptJournal::close_interrupted(long long now_ms) {
  Statement update(database_.handle(),
                   "UPDATE receipts SET state = 'interrupted', reason = 'kiosk_stopped', "
                   "updated_ms = ?1 WHERE state = 'sending'");
  update.bind(1, now_ms);
  update.step();
  return sqlite3_changes(database_.handle()) > 0;
}

StoreStatus ReceiptJournal::set_stage(const std::string& job_id, const std::string& stage,
                                      long long now_ms) {
  Statement update(database_.handle(),
                   "UPDATE receipts SET stage = ?2, updated_ms = max(updated_ms, ?3) "
                   "WHERE job_id = ?1");
  update.bind(1, job_id).bind(2, stage).bind(3, now_ms);
  return database_.status_from(update.step(), "journal receipt stage");
}

ReceiptRecord ReceiptJournal::last_staged() {
  Statement row(database_.handle(),
                (std::string(kColumns) +
                 "FROM receipts r WHERE r.stage <> 'queued' ORDER BY r.updated_ms DESC, "
                 "r.rowid DESC LIMIT 1")
                    .c_str());
  return row.step() == SQLITE_ROW ? receipt_from(row) : ReceiptRecord{};
}

std::string ReceiptJournal::content_of(const std::string& local_id) {
  Statement row(database_.handle(),
                "SELECT content FROM receipts WHERE local_id = ?1 ORDER BY created_ms LIMIT 1");
  row.bind(1, local_id);
  return row.step() == SQLITE_ROW ? row.text(0) : "";
}

std::string ReceiptJournal::next_reprint_id(const std::string& local_id) {
  Statement count(database_.handle(),
                  "SELECT count(*) FROM receipts WHERE local_id = ?1 AND reprint = 1");
  count.bind(1, local_id);
  const long long n = count.step() == SQLITE_ROW ? count.integer(0) : 0;
  return local_id + "#r" + std::to_string(n + 1);
}

std::vector<ReceiptRecord> ReceiptJournal::for_transaction(const std::string& local_id) {
  Statement rows(database_.handle(),
                 (std::string(kColumns) +
                  "FROM receipts r WHERE r.local_id = ?1 ORDER BY r.created_ms, r.job_id")
                     .c_str());
  rows.bind(1, local_id);
  std::vector<ReceiptRecord> out;
  while (rows.step() == SQLITE_ROW) out.push_back(receipt_from(rows));
  return out;
}

std::vector<ReceiptRecord> ReceiptJournal::printed_for_dead_letters() {
  Statement rows(
      database_.handle(),
      (std::string(kColumns) + "FROM receipts r JOIN outbox o ON o.local_id = r.local_id "
                               "WHERE o.state = 'dead' AND r.state IN ('printed', 'interrupted') "
                               "ORDER BY r.created_ms")
          .c_str());
  std::vector<ReceiptRecord> out;
  while (rows.step() == SQLITE_ROW) out.push_back(receipt_from(rows));
  return out;
}

StoreStatus ReceiptJournal::audit(const std::string& event, const std::string& subject,
                                  const std::string& detail, long long now_ms) {
  return AuditChain(database_).append(event, subject, detail, now_ms);
}

std::vector<AuditRecord> ReceiptJournal::audit_log(int limit) {
  Statement rows(database_.handle(),
                 "SELECT at_ms, event, subject, detail FROM audit ORDER BY id DESC LIMIT ?1");
  rows.bind(1, static_cast<long long>(limit));
  std::vector<AuditRecord> out;
  while (rows.step() == SQLITE_ROW)
    out.push_back({rows.integer(0), rows.text(1), rows.text(2), rows.text(3)});
  return out;
}

}  // namespace yiwang::store
